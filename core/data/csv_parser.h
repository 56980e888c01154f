// The low-level half of the CSV reader: an RFC 4180 tokenizer that pulls records
// from a byte source in chunks (memory stays bounded by the chunk size and the
// longest record, never by the file), and the small text helpers the reader and
// the preview share: delimiter sniffing, missing-value tokens, number parsing.
// csv_reader.h turns records into a Dataset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

// Pulls input: fills dst with up to n bytes and returns how many; 0 means the
// input has ended (or was cancelled: the caller keeps its own flag).
using CsvReadFn = std::function<std::size_t(char* dst, std::size_t n)>;

// requires: text outlives the returned function.
// ensures: a CsvReadFn that serves text from its start, then 0 (the end).
CsvReadFn csvTextReader(std::string_view text);

inline constexpr std::size_t kCsvChunkBytes = std::size_t{1} << 21;  // 2 MiB

// RFC 4180 records: fields separated by the delimiter, records by LF, CRLF or a
// lone CR; a field starting with '"' is quoted and may hold delimiters, line
// breaks and doubled quotes ("" -> "); spaces or tabs may follow its closing quote.
// A '"' inside an unquoted field is kept as a literal character. A UTF-8 byte
// order mark at the very start is skipped. Blank lines are skipped (they are not
// records). The last record needs no line break.
// Thread: one tokenizer per thread; not copyable.
class CsvTokenizer {
public:
    enum class Status { Record, End, Error };

    // requires: delimiter is not '"', '\r' or '\n'; chunkBytes >= 1; read outlives the tokenizer.
    // firstLine: the physical line the input starts at (lines skipped before it are counted).
    CsvTokenizer(CsvReadFn read, char delimiter, std::size_t chunkBytes = kCsvChunkBytes, long firstLine = 1);
    CsvTokenizer(const CsvTokenizer&) = delete;
    CsvTokenizer& operator=(const CsvTokenizer&) = delete;

    // ensures on Record: fields holds the record's fields (quotes removed, doubled
    //   quotes collapsed), viewing memory valid until the next call; recordLine()
    //   is the 1-based physical line where the record starts.
    // ensures on Error: errorMessage() says what was found ("unterminated quoted field"
    //   naming the line where the quote opened, or text after a closing quote);
    //   errorLine()/errorColumn() (1-based field index) locate it. Further calls return Error.
    // ensures on End: the input is exhausted; further calls return End.
    Status next(std::vector<std::string_view>& fields);

    long recordLine() const { return recordLine_; }
    // Input bytes consumed up to the end of the last record returned.
    std::uint64_t bytesConsumed() const { return base_ + begin_; }
    const std::string& errorMessage() const { return error_; }
    long errorLine() const { return errorLine_; }
    long errorColumn() const { return errorColumn_; }

private:
    enum class Scan { Complete, NeedMore, Error };
    struct Span {
        std::size_t begin, end;
        bool doubledQuotes;
    };
    Scan scanRecord(std::size_t& pos, long& line);
    bool refill();  // moves the pending record to the front, reads more; false at the end of input
    void fail(std::string message, long line, long column);

    CsvReadFn read_;
    char delimiter_;
    std::vector<char> buf_;        // capacity + 1: buf_[end_] is a '\n' sentinel
    std::size_t begin_ = 0;        // start of the pending record
    std::size_t end_ = 0;          // end of valid data
    std::uint64_t base_ = 0;       // input bytes dropped before buf_[0]
    bool eof_ = false;
    bool started_ = false;         // BOM check done
    bool failed_ = false;
    long line_ = 1;                // physical line at begin_
    long recordLine_ = 0;
    std::vector<Span> spans_;
    bool stop_[256] = {};
    std::string error_;
    long errorLine_ = 0, errorColumn_ = 0;
};

// What one cell holds once surrounding spaces/tabs are trimmed.
enum class CsvCell { Number, Missing, Text };

// Missing values: empty, "?", and case-insensitively "NA", "N/A", "NaN", "null".
bool isCsvMissing(std::string_view trimmed);
std::string_view trimCsvField(std::string_view s);
// ensures: Number sets value (a finite float; a leading '+' is allowed, the whole
//   field must be the number); Missing as above; Text otherwise (including "inf"
//   and values out of float range).
CsvCell classifyCsvCell(std::string_view field, float& value);

// The delimiter among , ; TAB | that splits the first lines of sample (outside
// quotes) into the same number (> 0) of pieces on every line, the most pieces
// winning and earlier candidates winning ties; when none is consistent, the one
// most frequent on the first line; ',' when none appears.
char detectCsvDelimiter(std::string_view sample);

// "tab", "';'": a delimiter as words for messages and reports.
std::string csvDelimiterName(char delimiter);

}  // namespace layerlab::core
