// The registry of built-in functions: the family tables joined, looked up by name.
#include "engine/function_registry.hpp"

#include "engine/evaluator.hpp"
#include "engine/program.hpp"

#include <vector>

namespace vigil::engine {

uint8_t kind_bit(value_type t) { return static_cast<uint8_t>(1u << static_cast<unsigned>(t)); }

std::string kind_names(uint8_t bits) {
    static constexpr std::string_view names[] = {"null", "bool", "int", "float", "string", "list", "object"};
    if ((bits & k_any) == k_any) return "any value";
    std::string out;
    int n = 0, count = 0;
    for (int i = 0; i < 7; ++i) count += (bits >> i) & 1;
    for (int i = 0; i < 7; ++i) {
        if (!((bits >> i) & 1)) continue;
        if (n) out += (n + 1 == count) ? " or " : ", ";
        out += names[i];
        ++n;
    }
    return out;
}

value call_args::operator[](size_t i) const { return evaluate(call.kids[i], ctx); }
size_t call_args::size() const { return call.kids.size(); }

std::span<const function_entry> function_registry() {
    static const std::vector<function_entry> all = [] {
        std::vector<function_entry> v;
        for (auto family : {string_functions(), list_functions(), quantifier_functions(), object_functions(), logic_functions(),
                            conversion_functions(), net_functions(), time_functions()})
            v.insert(v.end(), family.begin(), family.end());
        return v;
    }();
    return all;
}

const function_entry* find_function(std::string_view name) {
    for (const auto& f : function_registry())
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace vigil::engine
