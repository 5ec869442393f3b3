// simdjson DOM parsing of events, with the parser reused across events (no allocation once warm).
#include "engine/event_document.hpp"

namespace vigil::engine {

bool event_document::parse(std::string_view text) { return finish(parser_.parse(text.data(), text.size(), true)); }

bool event_document::parse_padded(std::string_view text) { return finish(parser_.parse(text.data(), text.size(), false)); }

bool event_document::finish(simdjson::simdjson_result<simdjson::dom::element> r) {
    root_ = value{};
    if (r.error()) {
        error_ = simdjson::error_message(r.error());  // the reporter names the kind ("invalid JSON")
        return false;
    }
    root_ = value::of_element(r.value_unsafe());
    if (root_.type() != value_type::object) {
        error_ = "the event is not a JSON object";
        root_ = value{};
        return false;
    }
    error_.clear();
    return true;
}

}  // namespace vigil::engine
