// The constructs real Kubernetes rules need: quantifiers, projections, exists, networks, strings and
// URLs, time. Table-driven, with null and wrong-kind inputs in every table.
#include "engine_test_support.hpp"

#include <catch2/catch.hpp>

using vigil::engine_test::evaluate_text;
using json = nlohmann::ordered_json;

namespace {

// A pod in the shape the apiserver logs at RequestResponse level (requestObject of a pods create:
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/), plus odd values.
const char* const event = R"({
  "spec": {
    "hostPID": true,
    "containers": [
      {"name": "app", "image": "registry.corp/app:1", "securityContext": {"privileged": false}},
      {"name": "sidecar", "image": "registry.corp/proxy:2"},
      {"name": "debug", "image": "docker.io/busybox", "securityContext": {"privileged": true, "capabilities": {"add": ["SYS_ADMIN", "NET_ADMIN"]}},
       "ports": [{"containerPort": 80}, {"containerPort": 443, "hostPort": 443}]},
      {"name": "last", "image": "registry.corp/x", "securityContext": {"privileged": true}}
    ],
    "volumes": [{"name": "cfg", "configMap": {"name": "c"}}, {"name": "root", "hostPath": {"path": "/"}}]
  },
  "sourceIPs": ["10.0.0.7", "203.0.113.9"],
  "uri": "/api/v1/namespaces/default/pods/web/exec?command=cat&command=%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken&container=app&stdin=true&tty=a+b",
  "n": 5, "s": "  padded\t", "z": null, "e": [], "o": {"k": null},
  "t": "2026-03-02T15:04:05.123456Z", "t_offset": "2026-03-02T01:00:00+02:00",
  "b64": "Y2F0IC92YXIvcnVu", "bad64": "Y2F0*", "bin64": "/w=="
})";

void check_rows(std::initializer_list<vigil::engine_test::value_row> rows) { vigil::engine_test::check_value_rows(rows, event); }

}  // namespace

TEST_CASE("quantifiers: any, all, none, count", "[engine][language]") {
    check_rows({
        // the 4th container is privileged too: no index, no limit
        {"any(spec.containers, c, c.securityContext.privileged eq true)", "true"},
        {"count(spec.containers, c, c.securityContext.privileged eq true)", "2"},
        // privileged AND not allow-listed, on the same container
        {R"(any(spec.containers, c, c.securityContext.privileged eq true and not (c.image starts_with "registry.corp/")))", "true"},
        {R"(count(spec.containers, c, c.securityContext.privileged eq true and not (c.image starts_with "registry.corp/")))", "1"},
        {R"(all(spec.containers, c, c.image starts_with "registry.corp/"))", "false"},
        {R"(none(spec.containers, c, c.image eq "evil"))", "true"},
        {"any(spec.volumes, v, v.hostPath exists)", "true"},
        {R"(any(spec.volumes, v, v.hostPath.path eq "/"))", "true"},
        // nested: a container with a host port
        {"any(spec.containers, c, any(c.ports, p, p.hostPort gt 0))", "true"},
        {"count(spec.containers, c, any(c.ports, p, p.containerPort ge 80))", "1"},
        // the inner variable hides the outer one of the same name
        {"any(spec.containers, x, any(x.ports, x, x.hostPort eq 443))", "true"},
        // a dangerous capability
        {R"(any(spec.containers, c, c.securityContext.capabilities.add contains "SYS_ADMIN"))", "true"},
        // the variable outside its quantifier is an ordinary (missing) field
        {"any(spec.containers, c, true) and c is_null", "true"},
        // empty, null and non-list: any false, all and none true, count 0
        {"any(e, x, true)", "false"},
        {"all(e, x, false)", "true"},
        {"none(e, x, true)", "true"},
        {"count(e, x, true)", "0"},
        {"any(missing, x, true)", "false"},
        {"all(missing, x, false)", "true"},
        {"none(z, x, true)", "true"},
        {"count(n, x, true)", "0"},
        {"any(o, x, true)", "false"},   // an object is not a list
        {"all(s, x, false)", "true"},
        {"count(sourceIPs, ip, is_private_ip(ip))", "1"},
        {"any(split(\"a,b,c\", \",\"), p, p eq \"c\")", "true"},
    });
}

TEST_CASE("filter: the elements for which the condition holds", "[engine][language]") {
    check_rows({
        {"filter(spec.containers, c, c.securityContext.privileged eq true)[*].name", R"(["debug", "last"])"},
        {R"(filter(spec.containers, c, c.securityContext.privileged eq true and not (c.image starts_with "registry.corp/"))[*].image)",
         R"(["docker.io/busybox"])"},
        {"len(filter(spec.volumes, v, v.hostPath exists))", "1"},
        {"filter(spec.volumes, v, v.hostPath exists)[0].hostPath.path", R"("/")"},
        // nested, and a value the condition does not hold for anywhere
        {"filter(spec.containers, c, any(c.ports, p, p.hostPort gt 0))[*].name", R"(["debug"])"},
        {R"(filter(spec.containers, c, c.image eq "evil"))", "[]"},
        {"filter(sourceIPs, ip, not is_private_ip(ip))", R"(["203.0.113.9"])"},
        // empty stays empty; null and non-lists give null (as a projection over them does)
        {"filter(e, x, true)", "[]"},
        {"filter(missing, x, true)", "null"},
        {"filter(o, x, true)", "null"},
        {"filter(s, x, true)", "null"},
        {"filter(spec.containers, c, true) eq spec.containers", "true"},
    });
}

TEST_CASE("projections with [*]", "[engine][language]") {
    check_rows({
        {"spec.containers[*].image", R"(["registry.corp/app:1", "registry.corp/proxy:2", "docker.io/busybox", "registry.corp/x"])"},
        {"spec.containers[*].securityContext.privileged", "[false, true, true]"},  // missing ones left out
        {R"(spec.containers[*].image contains "docker.io/busybox")", "true"},
        {R"("app" in spec.containers[*].name)", "true"},
        {"len(spec.containers[*].ports)", "1"},
        {"spec.containers[*].ports[*].containerPort", "[80, 443]"},  // nested: one flat list
        {"spec.volumes[*].hostPath.path", R"(["/"])"},
        {R"(any(spec.containers[*].image, i, i starts_with "docker.io/"))", "true"},
        {"spec.containers[0].securityContext.capabilities.add[*]", "null"},  // not a list there
        {"spec.containers[2].securityContext.capabilities.add[*]", R"(["SYS_ADMIN", "NET_ADMIN"])"},
        {"e[*].x", "[]"},
        {"missing[*].x", "null"},
        {"n[*]", "null"},
        {"o[*]", "null"},
        {"sourceIPs[*]", R"(["10.0.0.7", "203.0.113.9"])"},
    });
}

TEST_CASE("exists beside is_null", "[engine][language]") {
    check_rows({
        {"o.k exists", "true"},        // present with a JSON null
        {"o.k is_null", "true"},
        {"o.j exists", "false"},       // absent
        {"o.j is_null", "true"},
        {"z exists", "true"},
        {"missing exists", "false"},
        {"spec.hostPID exists", "true"},
        {"spec.hostNetwork exists", "false"},
        {"sourceIPs[1] exists", "true"},
        {"sourceIPs[2] exists", "false"},
        {"sourceIPs[-2] exists", "true"},
        {"sourceIPs[-3] exists", "false"},
        {"not (spec.x exists)", "true"},
        {"n.x exists", "false"},       // into a number
        {R"(parse_json("{\"a\": null}").a exists)", "true"},
    });
}

TEST_CASE("networks: in_cidr and is_private_ip", "[engine][language]") {
    check_rows({
        {R"("10.1.2.3" in_cidr "10.0.0.0/8")", "true"},
        {R"("11.1.2.3" in_cidr "10.0.0.0/8")", "false"},
        {R"("10.1.2.3" not in_cidr "10.0.0.0/8")", "false"},
        {R"("::ffff:10.0.0.1" in_cidr "10.0.0.0/8")", "true"},   // IPv4-mapped IPv6
        {R"("10.0.0.1" in_cidr "::ffff:10.0.0.0/104")", "true"},
        {R"("fd00::1" in_cidr "fc00::/7")", "true"},
        {R"("2001:db8::1" in_cidr ["10.0.0.0/8", "2001:db8::/32"])", "true"},
        {R"("192.168.1.7" in_cidr "192.168.1.7")", "true"},     // a bare address is a /32
        {R"("10.255.255.255" in_cidr "10.0.0.0/8")", "true"},
        {R"("172.32.0.1" in_cidr "172.16.0.0/12")", "false"},
        {R"("1.2.3.4" in_cidr "0.0.0.0/0")", "true"},
        {R"("::1" in_cidr "0.0.0.0/0")", "false"},               // IPv6 is not in an IPv4 network
        {R"("10.0.0.1" in_cidr "10.0.0.1/8")", "true"},           // host bits in the network are ignored
        // malformed addresses and other kinds are false (and true under not)
        {R"("10.0.0" in_cidr "10.0.0.0/8")", "false"},
        {R"("10.0.0.1 " in_cidr "10.0.0.0/8")", "false"},
        {R"("10.0.0.1/32" in_cidr "10.0.0.0/8")", "false"},
        {R"("fe80::1%eth0" in_cidr "fe80::/10")", "false"},
        {R"(n in_cidr "0.0.0.0/0")", "false"},
        {R"(z in_cidr "0.0.0.0/0")", "false"},
        {R"(sourceIPs in_cidr "0.0.0.0/0")", "false"},             // a list: use any()
        {R"(z not in_cidr "0.0.0.0/0")", "true"},
        {R"(any(sourceIPs, ip, ip not in_cidr ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]))", "true"},
        {R"(is_private_ip("10.1.2.3"))", "true"},
        {R"(is_private_ip("172.16.0.1"))", "true"},
        {R"(is_private_ip("172.31.255.255"))", "true"},
        {R"(is_private_ip("172.32.0.1"))", "false"},
        {R"(is_private_ip("192.168.0.1"))", "true"},
        {R"(is_private_ip("127.0.0.1"))", "true"},
        {R"(is_private_ip("169.254.169.254"))", "true"},
        {R"(is_private_ip("100.64.0.1"))", "true"},
        {R"(is_private_ip("100.128.0.1"))", "false"},
        {R"(is_private_ip("::1"))", "true"},
        {R"(is_private_ip("fd12:3456::1"))", "true"},
        {R"(is_private_ip("fe80::1"))", "true"},
        {R"(is_private_ip("::ffff:10.0.0.1"))", "true"},
        {R"(is_private_ip("::ffff:8.8.8.8"))", "false"},
        {R"(is_private_ip("8.8.8.8"))", "false"},
        {R"(is_private_ip("2001:4860::8888"))", "false"},
        {R"(is_private_ip("not an ip"))", "false"},
        {R"(is_private_ip(""))", "false"},
        {"is_private_ip(n)", "false"},
        {"is_private_ip(missing)", "false"},
    });
}

TEST_CASE("strings and URLs", "[engine][language]") {
    check_rows({
        {"trim(s)", R"("padded")"},
        {R"(trim("   "))", R"("")"},
        {"trim(n)", "null"},
        {R"(replace("a-b-c", "-", "+"))", R"("a+b+c")"},
        {R"(replace("aaa", "a", "aa"))", R"("aaaaaa")"},
        {R"(replace("abc", "", "x"))", R"("abc")"},   // nothing to find: unchanged
        {R"(replace(missing, "a", "b"))", "null"},
        {R"(url_decode("%2Fvar%2Frun+x%zz%4"))", R"("/var/run x%zz%4")"},  // + is a space; bad escapes kept
        {R"(url_decode("%FF"))", "null"},          // not UTF-8 text
        {R"(url_decode("caf%C3%A9"))", R"("caf\u00e9")"},
        {"url_decode(n)", "null"},
        {R"(query_param(uri, "command"))", R"("cat")"},  // the first value
        {R"(query_params(uri, "command"))", R"(["cat", "/var/run/secrets/kubernetes.io/serviceaccount/token"])"},
        {R"(query_params(uri, "command") contains "/var/run/secrets/kubernetes.io/serviceaccount/token")", "true"},
        {R"(query_param(uri, "tty"))", R"("a b")"},
        {R"(query_param(uri, "container"))", R"("app")"},
        {R"(query_param(uri, "missing"))", "null"},
        {R"(query_params(uri, "missing"))", "[]"},
        {R"(query_param("/healthz", "x"))", "null"},
        {R"(query_param("/p?a=1&a=2#frag", "a"))", R"("1")"},
        {R"(query_param("/p?flag&a=", "flag"))", R"("")"},
        {R"(query_param("/p?a%20b=c", "a b"))", R"("c")"},
        {R"(query_param(n, "a"))", "null"},
        {R"~(extract(uri, "/pods/([^/]+)/exec", 1))~", R"("web")"},
        {R"~(extract(uri, "/pods/([^/]+)/exec", 0))~", R"("/pods/web/exec")"},
        {R"~(extract(uri, "/nodes/([^/]+)", 1))~", "null"},        // no match
        {R"~(extract(uri, "(a)|(b)", 2))~", "null"},              // a group that took no part
        {R"~(extract(uri, "(p)", 5))~", "null"},                  // no such group
        {R"~(extract(uri, "(p)", -1))~", "null"},
        {R"~(extract(n, "(p)", 1))~", "null"},
        {"base64_decode(b64)", R"("cat /var/run")"},
        {"base64_decode(bad64)", "null"},
        {"base64_decode(bin64)", "null"},                        // 0xFF is not UTF-8 text
        {R"(base64_decode("YQ"))", R"("a")"},                   // padding optional
        {R"(base64_decode("YQ==="))", "null"},
        {R"(base64_decode("-_8"))", "null"},                    // URL-safe alphabet, but not text
        {R"(base64_decode(""))", R"("")"},
        {"base64_decode(n)", "null"},
        {R"(concat(sourceIPs, ["x"], z, e))", R"(["10.0.0.7", "203.0.113.9", "x"])"},
        {"concat(sourceIPs, s)", "null"},                        // a string is no list
        {"concat(z)", "[]"},
    });
}

TEST_CASE("time: parse_time, hour_of_day, day_of_week", "[engine][language]") {
    check_rows({
        {"parse_time(t)", "1772463845123"},
        {R"(parse_time("1970-01-01T00:00:00Z"))", "0"},
        {R"(parse_time("1970-01-01T00:00:00.5Z"))", "500"},
        {R"(parse_time("1970-01-01T00:00:00.123456789Z"))", "123"},
        {R"(parse_time("1970-01-01T01:00:00+01:00"))", "0"},
        {R"(parse_time("1969-12-31T23:59:59Z"))", "-1000"},
        {R"(parse_time("2026-13-01T00:00:00Z"))", "null"},
        {R"(parse_time("yesterday"))", "null"},
        {"parse_time(n)", "null"},
        {"hour_of_day(t)", "15"},
        {"hour_of_day(t_offset)", "23"},                   // UTC: 01:00+02:00 is 23:00 the day before
        {"hour_of_day(parse_time(t))", "15"},
        {"hour_of_day(-1)", "23"},
        {"hour_of_day(missing)", "null"},
        {R"(hour_of_day("noon"))", "null"},
        {"day_of_week(t)", "1"},                           // 2026-03-02 is a Monday
        {"day_of_week(t_offset)", "7"},                    // in UTC, Sunday 2026-03-01
        {"day_of_week(0)", "4"},                           // 1970-01-01, a Thursday
        {"day_of_week(-1)", "3"},
        {"day_of_week(z)", "null"},
        {"parse_time(t) - parse_time(t_offset)", "57845123"},     // 16 h 4 min 5.123 s
        {"hour_of_day(t) lt 8 or hour_of_day(t) ge 18", "false"},
    });
}
