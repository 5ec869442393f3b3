// vigil-rulegen: writes N synthetic Kubernetes rules into a folder, for scaling runs of `vigil run`.
#include "synthetic_rules.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"Writes N distinct synthetic Kubernetes audit rules (one YAML file each) for scaling runs.\n"
                 "Use with the bundled data models: vigil run --rules schemas --rules DIR events.ndjson"};
    size_t count = 100;
    std::string dir;
    app.add_option("--rules", count, "How many rules")->default_val(100);
    app.add_option("-o,--output", dir, "Folder to write them into")->required();
    CLI11_PARSE(app, argc, argv);
    std::string error;
    if (!vigil::rule_gen::write_synthetic_rules(dir, count, error)) {
        std::cerr << "vigil-rulegen: " << error << "\n";
        return 1;
    }
    std::cerr << "vigil-rulegen: wrote " << count << " rules to " << dir << "\n";
    return 0;
}
