#include <zlib.h>

/// inflateInit2 is a macro; Swift sees the function behind it through this.
static inline int gongkai_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
