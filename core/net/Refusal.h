#pragma once

namespace streamcanvas::net {

// Why the network setup stopped a request itself (as opposed to the network failing).
enum class Refusal {
    None,
    NotAllowed,          // the URL's origin is not on the allow-list (or not http/https)
    CrossOriginRedirect, // the server redirected to another origin (or from https to http)
    PinMismatch,         // a pinned host presented no pinned public key
    ConnectTimeout,
    FirstByteTimeout,
    IdleTimeout,
    InvalidSettings, // the settings could not be used; nothing goes out until they are fixed
};

namespace detail {
// The dynamic property a refused reply carries (read by NetworkAccessManager::refusal()).
// It is set before the reply finishes, so a finished() handler already sees it.
inline constexpr char refusalProperty[] = "streamcanvas.net.refusal";
} // namespace detail

} // namespace streamcanvas::net
