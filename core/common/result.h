// Errors are values. Result<T> holds either a T or an Error with a message a
// user can act on, and optionally where it happened (file, line, column, node).
// Nothing in core throws across a thread boundary; functions that can fail for
// reasons the user controls return Result.
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace layerlab::core {

struct Error {
    std::string message;   // what went wrong and what was expected
    std::string file;      // file involved, if any
    long line = 0;         // 1-based; 0 = unknown
    long column = 0;       // 1-based; 0 = unknown
    std::uint64_t node = 0;  // graph node id involved; 0 = none

    // "file:line:column: message" with the parts that are known.
    std::string toString() const;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}        // NOLINT
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    const Error& error() const { assert(!ok()); return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : e_(std::move(error)) {}  // NOLINT
    bool ok() const { return !e_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { assert(!ok()); return *e_; }

private:
    std::optional<Error> e_;
};

using Status = Result<void>;

inline Error makeError(std::string message) { return Error{std::move(message), {}, 0, 0, 0}; }
// An error about a place in a file (line and column 1-based; 0 = unknown).
inline Error makeFileError(std::string message, std::string file, long line = 0, long column = 0) {
    return Error{std::move(message), std::move(file), line, column, 0};
}
// An error about one graph node (the editor highlights that node).
inline Error makeNodeError(std::uint64_t node, std::string message) {
    return Error{std::move(message), {}, 0, 0, node};
}

}  // namespace layerlab::core
