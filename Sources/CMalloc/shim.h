// glibc's allocator settings (mallopt), which the Glibc module does not bring in.
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
