// vigil: the detection engine's command line (run, check, explain).
#include "check_command.hpp"
#include "explain_command.hpp"
#include "run_command.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"Vigil: declarative detection rules over JSON log streams.\n"
                 "  vigil run [EVENTS...]   stream NDJSON events through the rule packs, alerts as NDJSON on stdout\n"
                 "  vigil check [PATH...]   validate rules, data models and packs\n"
                 "  vigil explain [EVENTS]  why each event did or did not match, step by step\n"
                 "(ruletest runs the tests embedded in rule files.)"};
    app.set_version_flag("--version", "vigil 0.1.0");
    app.require_subcommand(1);
    vigil::tools::run_options run_opts;
    vigil::tools::check_options check_opts;
    vigil::tools::add_run_command(app, run_opts);
    vigil::tools::add_check_command(app, check_opts);
    vigil::tools::explain_options explain_opts;
    vigil::tools::add_explain_command(app, explain_opts);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;  // usage errors are exit status 2, like load errors
    }
    if (app.got_subcommand("run")) return vigil::tools::run(run_opts);
    if (app.got_subcommand("explain")) return vigil::tools::explain(explain_opts);
    return vigil::tools::check(check_opts);
}
