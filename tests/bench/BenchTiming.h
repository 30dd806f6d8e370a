#pragma once

// Small timing helpers shared by the benchmarks: steady_clock, medians, readable output.

#include <QString>

#include <algorithm>
#include <chrono>
#include <vector>

namespace streamcanvas::bench {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// Runs `measure` (which returns seconds) `runs` times and returns the median.
template <typename Measure>
double medianOf(int runs, Measure measure)
{
    std::vector<double> samples;
    samples.reserve(std::size_t(runs));
    for (int i = 0; i < runs; ++i)
        samples.push_back(measure());
    return median(std::move(samples));
}

// "1.23 ms", "45.6 µs", "2.10 s".
inline QString formatSeconds(double seconds)
{
    if (seconds >= 1)
        return QString::number(seconds, 'f', 2) + u" s";
    if (seconds >= 1e-3)
        return QString::number(seconds * 1e3, 'f', 2) + u" ms";
    if (seconds >= 1e-6)
        return QString::number(seconds * 1e6, 'f', 2) + u" µs";
    return QString::number(seconds * 1e9, 'f', 0) + u" ns";
}

inline QString formatRatio(double ratio)
{
    return QString::number(ratio, 'f', ratio < 10 ? 2 : (ratio < 1000 ? 1 : 0)) + u'×';
}

inline QString formatThroughput(qsizetype bytes, double seconds)
{
    return QString::number(double(bytes) / seconds / 1e6, 'f', 1) + u" MB/s";
}

} // namespace streamcanvas::bench
