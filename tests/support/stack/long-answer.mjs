// A long Markdown answer (about 30 KB) with every block kind the renderer knows, some
// non-ASCII text and emoji. Deterministic, so a test can compare what it rendered.

const topics = [
    ['Streaming', 'tokens arrive one after another and the view must keep up'],
    ['Caching', 'a cache that is never invalidated is a bug waiting for its day'],
    ['Résumé parsing', 'naïve café owners in Zürich write “smart quotes” and Straße'],
    ['国際化', '日本語のテキストと English text share one paragraph'],
    ['Ελληνικά', 'Greek letters such as α, β and γ appear in formulas'],
    ['Emoji', 'a rocket 🚀, a check mark ✅ and a family 👩‍👩‍👧 count as one character each'],
];

function section(n) {
    const [title, sentence] = topics[n % topics.length];
    const lines = [];
    lines.push(`## ${n + 1}. ${title}`);
    lines.push('');
    lines.push(`In this part we look at ${title.toLowerCase()}: ${sentence}. `
        + 'The paragraph is long enough to wrap on a normal window, and it mixes **strong text**, *emphasis*, '
        + '`inline code` and ~~struck words~~ so that every inline style shows up while the answer streams. '
        + `See [the reference for part ${n + 1}](https://example.com/docs/part-${n + 1}?lang=en#top) for details.`);
    lines.push('');
    lines.push('### Key points');
    lines.push('');
    lines.push(`- First point of part ${n + 1}, with a [link](https://example.org/${n + 1})`);
    lines.push('- Second point, with a nested list:');
    lines.push('  - nested item one');
    lines.push('  - nested item two — with an em dash');
    lines.push(`- Third point: ${sentence}`);
    lines.push('');
    lines.push('1. Measure first');
    lines.push('2. Change one thing');
    lines.push('3. Measure again ✅');
    lines.push('');
    if (n % 2 === 0) {
        lines.push('```cpp');
        lines.push(`// Example ${n + 1}`);
        lines.push('int main(int argc, char *argv[])');
        lines.push('{');
        lines.push(`    QCoreApplication app(argc, argv); // part ${n + 1}`);
        lines.push('    for (int i = 0; i < 10; ++i)');
        lines.push('        qInfo() << "line" << i << "of" << 10;');
        lines.push('    return app.exec();');
        lines.push('}');
        lines.push('```');
    } else {
        lines.push('| Name | Value | Note |');
        lines.push('|:-----|------:|:----:|');
        lines.push(`| alpha | ${n * 3 + 1} | ok |`);
        lines.push(`| beta | ${n * 3 + 2} | naïve |`);
        lines.push(`| gamma | ${n * 3 + 3} | 日本 🙂 |`);
    }
    lines.push('');
    lines.push(`> A quote to close part ${n + 1}: *simple things should be simple.*`);
    lines.push('');
    return lines.join('\n') + '\n';
}

let cached = null;

export function longAnswer() {
    if (cached === null) {
        let text = '# A long answer\n\nThis answer is long on purpose, so that rendering it while it streams is measurable.\n\n';
        for (let n = 0; Buffer.byteLength(text) < 30 * 1024; ++n) {
            text += section(n);
            if (n % 5 === 4)
                text += '---\n\n';
        }
        cached = text + 'That is all. 🎉\n';
    }
    return cached;
}
