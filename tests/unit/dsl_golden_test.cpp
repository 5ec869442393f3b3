// Golden diagnostics: each tests/golden/NN_name.yml is loaded and compiled, and every diagnostic,
// formatted as the tools print it, must equal tests/golden/NN_name.expected byte for byte.
//
// To regenerate the .expected files after an intended change to messages or positions:
//     VIGIL_UPDATE_GOLDEN=1 ./build/bin/vigil_unit_tests "[golden]"
// then read every changed file (git diff tests/golden) before committing it.
#include "dsl/document_loader.hpp"
#include "engine/ruleset.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace vigil;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Loading resolves relative paths from the working directory; the repo root makes every message
// spell the file as `tests/golden/NN_name.yml`, whatever directory the tests run from.
struct working_directory {
    fs::path saved = fs::current_path();
    explicit working_directory(const fs::path& to) { fs::current_path(to); }
    ~working_directory() {
        std::error_code ec;
        fs::current_path(saved, ec);
    }
};

// Everything a user would see for this file: load-time (dsl) and compile-time (engine) diagnostics.
std::string diagnostics_for(const std::string& relative_path) {
    working_directory at_repo(VIGIL_SOURCE_DIR);
    dsl::diagnostics diags;
    auto docs = dsl::load_documents({relative_path}, diags);
    engine::ruleset::build(std::move(docs), {}, diags);
    std::string out;
    for (const auto& d : diags.items()) out += dsl::format_diagnostic(d);
    return out;
}

std::vector<fs::path> golden_cases() {
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(fs::path(VIGIL_SOURCE_DIR) / "tests" / "golden"))
        if (entry.path().extension() == ".yml") cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    return cases;
}

}  // namespace

TEST_CASE("dsl golden diagnostics match the .expected files", "[dsl][golden]") {
    const char* update_env = std::getenv("VIGIL_UPDATE_GOLDEN");
    const bool update = update_env && std::string(update_env) == "1";
    const auto cases = golden_cases();
    CHECK(cases.size() >= 18);
    for (const auto& yml : cases) {
        const std::string relative = "tests/golden/" + yml.filename().string();
        fs::path expected_path = yml;
        expected_path.replace_extension(".expected");
        const std::string actual = diagnostics_for(relative);
        INFO("case: " << relative);
        CHECK_FALSE(actual.empty());  // every golden case is a mistake
        if (update) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        REQUIRE(fs::exists(expected_path));
        CHECK(actual == read_file(expected_path));
    }
}
