import CMalloc

/// How the process's allocator treats memory freed between reports, for commands that read
/// many reports in a row (`gongkai check DIR`, `gongkai bench`, `gongkai score`).
///
/// Reading a report allocates and frees a few hundred KiB. glibc's allocator gives the top of
/// its heap back to the system whenever more than 128 KiB of it is free, so every report paid
/// for `brk` calls and fresh zeroed pages: about a tenth of `gongkai bench`'s time was spent in
/// the kernel. Kept for reuse instead, the memory costs nothing to get again.
public enum BatchMemory {
    /// Keeps up to 64 MiB of freed memory for reuse, and serves requests below 32 MiB from the
    /// heap (not from a fresh mapping each time). Call once, at the start of a batch command;
    /// it does nothing where the C library is not glibc.
    public static func keepFreedMemoryForReuse() {
        #if os(Linux)
        _ = mallopt(M_TRIM_THRESHOLD, 64 << 20)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        #endif
    }
}
