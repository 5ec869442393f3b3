// Per-event evaluation state: the event root, its data model's lazily computed fields, and reusable
// scratch storage, so evaluating an event allocates nothing once buffers have grown.
#pragma once

#include "engine/program.hpp"
#include "engine/value.hpp"

#include <simdjson.h>

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace vigil::engine {

class compiled_model;

// Called for every field and path read while tracing (ruletest reasons, `vigil explain`).
using read_listener = std::function<void(const compiled_node& node, const value& result)>;

class event_context {
public:
    // Starts a new event. `model` may be null (no data model for its log type).
    void reset(value root, const compiled_model* model);

    const value& root() const { return root_; }
    const compiled_model* model() const { return model_; }

    value field(uint32_t slot);    // a normalised field (null when the model's When fails)
    value binding(uint32_t slot);  // a Let binding, computed at most once per event
    bool model_applies();          // the model's When guard, computed at most once per event
    // A quantifier variable's current element (slots are nesting depths, fixed at compile time).
    value& local(uint32_t slot) {
        if (slot >= locals_.size()) locals_.resize(slot + 1);
        return locals_[slot];
    }

    // Scratch storage valid until the next reset().
    std::string& scratch_string();
    std::vector<value>& scratch_list();
    simdjson::dom::parser& scratch_parser();
    // Bytes the scratch storage holds now; release_large_scratch() (between events) gives back the
    // buffers that one big event grew, so that it does not cost their memory for the rest of the run.
    size_t scratch_bytes() const;
    void release_large_scratch();
    static constexpr size_t kept_scratch_bytes = 1 << 20;  // per buffer

    // A data model could not read the event (e.g. invalid JSON in a string it parses).
    void report_read_error(std::string message);
    const std::vector<std::string>& read_errors() const { return read_errors_; }

    read_listener listener;  // empty unless tracing

private:
    value root_;
    const compiled_model* model_ = nullptr;
    uint32_t generation_ = 0;
    std::vector<uint32_t> field_done_, binding_done_;
    std::vector<value> fields_, bindings_, locals_;
    int applies_ = -1;
    std::deque<std::string> strings_;
    size_t strings_used_ = 0;
    std::deque<std::vector<value>> lists_;
    size_t lists_used_ = 0;
    std::deque<simdjson::dom::parser> parsers_;
    size_t parsers_used_ = 0;
    std::vector<std::string> read_errors_;
};

}  // namespace vigil::engine
