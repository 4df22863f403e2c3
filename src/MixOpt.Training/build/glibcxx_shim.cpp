// Stands in for std::ios_base_library_init(), the one GLIBCXX_3.4.32 symbol libLibTorchSharp.so asks for.
// GCC 13's <iostream> calls it so that the library, not every translation unit, initialises the standard
// streams. An older libstdc++ (Debian 12: GLIBCXX_3.4.30) initialises them itself when it loads, so the
// call has nothing left to do: an empty body is the correct behaviour there.
namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init() {}
}
