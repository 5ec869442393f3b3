// Lazy per-event data-model evaluation and scratch buffers reused across events.
#include "engine/event_context.hpp"

#include "engine/datamodel.hpp"
#include "engine/evaluator.hpp"

#include <algorithm>

namespace vigil::engine {

void event_context::reset(value root, const compiled_model* model) {
    root_ = root;
    model_ = model;
    if (++generation_ == 0) {
        // Wrapped after 2^32 events: a mark left from 2^32 events ago would look current, so forget all.
        std::fill(field_done_.begin(), field_done_.end(), 0);
        std::fill(binding_done_.begin(), binding_done_.end(), 0);
        generation_ = 1;
    }
    applies_ = -1;
    strings_used_ = lists_used_ = parsers_used_ = 0;
    read_errors_.clear();
    if (model) {
        if (field_done_.size() < model->fields.size()) {
            field_done_.resize(model->fields.size(), 0);
            fields_.resize(model->fields.size());
        }
        if (binding_done_.size() < model->bindings.size()) {
            binding_done_.resize(model->bindings.size(), 0);
            bindings_.resize(model->bindings.size());
        }
    }
}

bool event_context::model_applies() {
    if (applies_ < 0) {
        read_listener saved = std::move(listener);
        listener = nullptr;
        applies_ = (!model_ || !model_->when || holds(*model_->when, *this)) ? 1 : 0;
        listener = std::move(saved);
    }
    return applies_ == 1;
}

value event_context::field(uint32_t slot) {
    if (field_done_[slot] != generation_) {
        // Mark first: a mapping that (wrongly) reads itself sees null instead of recursing forever.
        field_done_[slot] = generation_;
        fields_[slot] = value{};
        // A trace shows what the rule read, not the data model's own reads behind it.
        read_listener saved = std::move(listener);
        listener = nullptr;
        fields_[slot] = model_applies() ? evaluate(model_->fields[slot], *this) : value{};
        listener = std::move(saved);
    }
    return fields_[slot];
}

value event_context::binding(uint32_t slot) {
    if (binding_done_[slot] != generation_) {
        binding_done_[slot] = generation_;
        bindings_[slot] = value{};
        read_listener saved = std::move(listener);
        listener = nullptr;
        bindings_[slot] = evaluate(model_->bindings[slot], *this);
        listener = std::move(saved);
    }
    return bindings_[slot];
}

std::string& event_context::scratch_string() {
    if (strings_used_ == strings_.size()) strings_.emplace_back();
    auto& s = strings_[strings_used_++];
    s.clear();
    return s;
}

std::vector<value>& event_context::scratch_list() {
    if (lists_used_ == lists_.size()) lists_.emplace_back();
    auto& l = lists_[lists_used_++];
    l.clear();
    return l;
}

simdjson::dom::parser& event_context::scratch_parser() {
    if (parsers_used_ == parsers_.size()) parsers_.emplace_back();
    return parsers_[parsers_used_++];
}

size_t event_context::scratch_bytes() const {
    size_t n = 0;
    for (const auto& s : strings_) n += s.capacity();
    for (const auto& l : lists_) n += l.capacity() * sizeof(value);
    for (const auto& p : parsers_) n += p.capacity();
    return n;
}

void event_context::release_large_scratch() {
    for (auto& s : strings_)
        if (s.capacity() > kept_scratch_bytes) std::string().swap(s);  // `= {}` would keep the buffer
    for (auto& l : lists_)
        if (l.capacity() * sizeof(value) > kept_scratch_bytes) l = std::vector<value>{};
    for (auto& p : parsers_)
        if (p.capacity() > kept_scratch_bytes) p = simdjson::dom::parser{};
}

void event_context::report_read_error(std::string message) { read_errors_.push_back(std::move(message)); }

}  // namespace vigil::engine
