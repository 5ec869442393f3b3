// Amazon.EKS.Audit: the Kubernetes audit Event as CloudWatch delivers it, plus Panther's fields.
#include "audit_json.hpp"
#include "log_writers.hpp"
#include "panther_fields.hpp"

namespace vigil::corpus {

void write_eks_line(std::string& line, const audit_event& e, const cluster& c, prng& rng) {
    line.clear();
    json_out o(line);
    write_audit_event_members(e, o);
    append_panther_fields(o, "Amazon.EKS.Audit", e.stage_micros, c, rng);
    o.ch('}');
}

}  // namespace vigil::corpus
