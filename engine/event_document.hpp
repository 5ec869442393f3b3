// Parses one JSON event into a DOM that stays valid until the next parse; reports errors with offsets.
#pragma once

#include "engine/value.hpp"

#include <simdjson.h>

#include <string>
#include <string_view>

namespace vigil::engine {

class event_document {
public:
    // Parses `text`; on failure returns false and sets error(). The root must be a JSON object.
    bool parse(std::string_view text);
    // As parse(), for a buffer already followed by simdjson::SIMDJSON_PADDING readable bytes. The
    // text is parsed from a private copy (one reused buffer): it may be a mapped file that another
    // process truncates, and simdjson's second stage must read the bytes its first stage indexed.
    bool parse_padded(std::string_view text);
    value root() const { return root_; }
    const std::string& error() const { return error_; }  // what is wrong, without an "invalid JSON" prefix

    // Bytes held for the last document; after a large one, release_if_large() gives them back, so that
    // one huge line does not keep its parser's buffers (several times its size) for the rest of a run.
    size_t capacity() const { return parser_.capacity() + big_numbers_.capacity() + copy_.capacity(); }
    void release_if_large();
    static constexpr size_t kept_capacity = 1 << 20;

private:
    bool finish(std::string_view text, simdjson::simdjson_result<simdjson::dom::element> r);
    simdjson::dom::parser parser_;
    std::string big_numbers_;  // the text again, numbers beyond what simdjson reads rewritten
    std::string copy_;         // parse_padded's private copy of the text, with padding
    value root_;
    std::string error_;
};

}  // namespace vigil::engine
