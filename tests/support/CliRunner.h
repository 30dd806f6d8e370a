#pragma once

#include <QByteArray>
#include <QStringList>

namespace streamcanvas::testsupport {

// What a run of streamcanvas-cli printed and how it ended (-1: it did not end normally).
struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `program` as a user would, with `input` on standard input, and waits for it. A
// sanitizer's report on standard error is shown in the test output: it is the reason for
// whatever surprise follows.
CliResult runCli(
    const QString &program, const QStringList &arguments, const QByteArray &input = {}, int timeoutMs = 120'000);

} // namespace streamcanvas::testsupport
