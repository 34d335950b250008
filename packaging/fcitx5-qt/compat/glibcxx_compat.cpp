// GCC >= 11's <new> reports an oversized array allocation through
// std::__throw_bad_array_new_length, a libstdc++ symbol of version GLIBCXX_3.4.29 (GCC 11).
// Defined here, hidden, so the plugin needs no newer libstdc++ than the bundled Qt libraries
// do (GLIBCXX_3.4.21), which the oldest target desktops have.
#include <new>

namespace std {
[[noreturn]] __attribute__((visibility("hidden"))) void __throw_bad_array_new_length() {
    throw bad_array_new_length();
}
}  // namespace std
