// Timestamp rendering: civil-from-days (Howard Hinnant's algorithm) plus hand-placed digits.
#include "time_format.hpp"

namespace vigil::corpus {
namespace {

struct civil_date {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

// Exact proleptic-Gregorian conversion; http://howardhinnant.github.io/date_algorithms.html#civil_from_days
civil_date civil_from_days(std::int64_t days) noexcept {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2), month, day};
}

void put_digits(char* at, std::uint64_t value, int width) noexcept {
    for (int i = width - 1; i >= 0; --i) {
        at[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// Writes "YYYY-MM-DD?HH:MM:SS.ffffff" (26 chars) with the given date/time separator.
void format_26(char* at, std::uint64_t unix_micros, char separator) noexcept {
    const std::uint64_t seconds = unix_micros / 1000000;
    const std::uint64_t second_of_day = seconds % 86400;
    const civil_date date = civil_from_days(static_cast<std::int64_t>(seconds / 86400));
    put_digits(at, static_cast<std::uint64_t>(date.year), 4);
    at[4] = '-';
    put_digits(at + 5, date.month, 2);
    at[7] = '-';
    put_digits(at + 8, date.day, 2);
    at[10] = separator;
    put_digits(at + 11, second_of_day / 3600, 2);
    at[13] = ':';
    put_digits(at + 14, second_of_day / 60 % 60, 2);
    at[16] = ':';
    put_digits(at + 17, second_of_day % 60, 2);
    at[19] = '.';
    put_digits(at + 20, unix_micros % 1000000, 6);
}

}  // namespace

void append_rfc3339_micros(std::string& out, std::uint64_t unix_micros) {
    char text[27];
    format_26(text, unix_micros, 'T');
    text[26] = 'Z';
    out.append(text, 27);
}

void append_rfc3339_seconds(std::string& out, std::uint64_t unix_micros) {
    char text[27];
    format_26(text, unix_micros, 'T');
    text[19] = 'Z';
    out.append(text, 20);
}

void append_rfc3339_7digits(std::string& out, std::uint64_t unix_micros) {
    char text[28];
    format_26(text, unix_micros, 'T');
    text[26] = '0';
    text[27] = 'Z';
    out.append(text, 28);
}

void append_panther_time(std::string& out, std::uint64_t unix_micros) {
    char text[26];
    format_26(text, unix_micros, ' ');
    out.append(text, 26);
}

void append_klog_time(std::string& out, std::uint64_t unix_micros) {
    char text[26];
    format_26(text, unix_micros, ' ');
    out.append(text + 5, 2);   // MM
    out.append(text + 8, 18);  // DD HH:MM:SS.ffffff
}

}  // namespace vigil::corpus
