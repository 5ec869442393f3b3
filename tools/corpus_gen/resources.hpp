// The Kubernetes API resources the corpus touches, with what each log shape needs to name them.
#pragma once

#include <string_view>

namespace vigil::corpus {

struct resource_kind {
    std::string_view resource;
    std::string_view group;    // "" is the core group
    std::string_view version;
    bool namespaced;
    std::string_view gke_prefix;  // GKE methodName prefix: reversed API group under io.k8s
    std::string_view kind;
};

namespace res {
inline constexpr resource_kind pods{"pods", "", "v1", true, "io.k8s.core", "Pod"};
inline constexpr resource_kind configmaps{"configmaps", "", "v1", true, "io.k8s.core", "ConfigMap"};
inline constexpr resource_kind secrets{"secrets", "", "v1", true, "io.k8s.core", "Secret"};
inline constexpr resource_kind services{"services", "", "v1", true, "io.k8s.core", "Service"};
inline constexpr resource_kind endpoints{"endpoints", "", "v1", true, "io.k8s.core", "Endpoints"};
inline constexpr resource_kind events{"events", "", "v1", true, "io.k8s.core", "Event"};
inline constexpr resource_kind serviceaccounts{"serviceaccounts", "", "v1", true, "io.k8s.core", "ServiceAccount"};
inline constexpr resource_kind nodes{"nodes", "", "v1", false, "io.k8s.core", "Node"};
inline constexpr resource_kind namespaces{"namespaces", "", "v1", false, "io.k8s.core", "Namespace"};
inline constexpr resource_kind pvcs{"persistentvolumeclaims", "", "v1", true, "io.k8s.core", "PersistentVolumeClaim"};
inline constexpr resource_kind leases{"leases", "coordination.k8s.io", "v1", true, "io.k8s.coordination", "Lease"};
inline constexpr resource_kind deployments{"deployments", "apps", "v1", true, "io.k8s.apps", "Deployment"};
inline constexpr resource_kind replicasets{"replicasets", "apps", "v1", true, "io.k8s.apps", "ReplicaSet"};
inline constexpr resource_kind daemonsets{"daemonsets", "apps", "v1", true, "io.k8s.apps", "DaemonSet"};
inline constexpr resource_kind statefulsets{"statefulsets", "apps", "v1", true, "io.k8s.apps", "StatefulSet"};
inline constexpr resource_kind jobs{"jobs", "batch", "v1", true, "io.k8s.batch", "Job"};
inline constexpr resource_kind cronjobs{"cronjobs", "batch", "v1", true, "io.k8s.batch", "CronJob"};
inline constexpr resource_kind endpointslices{"endpointslices", "discovery.k8s.io", "v1", true, "io.k8s.discovery", "EndpointSlice"};
inline constexpr resource_kind k8s_events{"events", "events.k8s.io", "v1", true, "io.k8s.events", "Event"};
inline constexpr resource_kind csrs{"certificatesigningrequests", "certificates.k8s.io", "v1", false, "io.k8s.certificates", "CertificateSigningRequest"};
inline constexpr resource_kind clusterroles{"clusterroles", "rbac.authorization.k8s.io", "v1", false, "io.k8s.authorization.rbac", "ClusterRole"};
inline constexpr resource_kind clusterrolebindings{"clusterrolebindings", "rbac.authorization.k8s.io", "v1", false, "io.k8s.authorization.rbac", "ClusterRoleBinding"};
inline constexpr resource_kind rolebindings{"rolebindings", "rbac.authorization.k8s.io", "v1", true, "io.k8s.authorization.rbac", "RoleBinding"};
inline constexpr resource_kind ingresses{"ingresses", "networking.k8s.io", "v1", true, "io.k8s.networking", "Ingress"};
inline constexpr resource_kind hpas{"horizontalpodautoscalers", "autoscaling", "v2", true, "io.k8s.autoscaling", "HorizontalPodAutoscaler"};
inline constexpr resource_kind tokenreviews{"tokenreviews", "authentication.k8s.io", "v1", false, "io.k8s.authentication", "TokenReview"};
inline constexpr resource_kind subjectaccessreviews{"subjectaccessreviews", "authorization.k8s.io", "v1", false, "io.k8s.authorization", "SubjectAccessReview"};
}  // namespace res

}  // namespace vigil::corpus
