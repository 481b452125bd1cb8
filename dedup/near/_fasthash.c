/*
 * Word shingle hashes in one pass over a buffer: the compiled twin of the numpy
 * code in dedup/shingle.py (_shingle_chunk), bit for bit.  Optional: when it is
 * not built, dedup uses the numpy path.
 *
 * shingle_hashes(buf, doc_starts, k, seed) -> (hashes: bytes, docs: bytes)
 *   buf         normalised UTF-8 text of a batch, documents joined by "\n"
 *   doc_starts  int64 byte offset of each document (native byte order)
 *   returns     uint64 shingle hashes and int64 document indices, as raw bytes
 *
 * sketch(buf, doc_starts, k, seed, num_perm, probes) -> (values, offsets, sigs, unfinished)
 *   the whole sketch of a batch in one pass, the compiled twin of shingle_sets followed by
 *   dedup/near/minhash.py signatures, bit for bit: per document the sorted, duplicate-free
 *   40-bit shingle ids (values, uint64; offsets, int64, n + 1), and its one-permutation MinHash
 *   signature (sigs, uint64, n x num_perm) densified with the probe table ``probes`` (int64,
 *   attempts x num_perm), as bytearrays.  ``unfinished`` (int64) lists the documents whose empty bins the
 *   table's attempts did not all fill: the caller computes those signatures itself.
 *
 * intersections(values, offsets, pairs) -> bytearray
 *   the number of values two sorted, duplicate-free sets share, for each row (i, j) of pairs
 *   (int64, m x 2); sets in CSR layout (values uint64, offsets int64); int64 counts
 *
 * band_keys(sigs, n, num_perm, bands, rows, empty) -> bytearray
 *   dedup/near/minhash.py band_keys, bit for bit: one uint64 key per document and band
 *
 * band_buckets(keys, n, bands, empty) -> (members, run_lengths)
 *   the LSH buckets with two or more members: for each band, the documents sharing a key (empty keys
 *   left out), each bucket's members in ascending order, one bucket after another (int64 arrays); the
 *   same groups as sorting each band's keys, found with a hash table
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static const uint64_t MULT[8] = {
    0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL, 0xD6E8FEB86659FD93ULL,
    0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL, 0x94D049BB133111EBULL, 0xBF58476D1CE4E5B9ULL};

static inline uint64_t mix(uint64_t z) {
    z ^= z >> 30;
    z *= 0xBF58476D1CE4E5B9ULL;
    z ^= z >> 27;
    z *= 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static unsigned char WORD_BYTE[256];  /* ASCII letters and digits, and every non-ASCII byte */

static void init_word_bytes(void) {
    for (int c = 0; c < 256; c++) WORD_BYTE[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 128;
}

static inline int word_byte(unsigned char c) { return WORD_BYTE[c]; }

/* Typographic characters that dedup.near.shingle.normalize folds to ASCII punctuation or a space (its _FOLD
 * table, less the backtick, which is no word byte anyway): they end a word here as the ASCII they fold to
 * would, so the caller need not fold the text first.  U+0080-U+00BF (lead byte C2) and U+2000-U+206F (E2 80,
 * E2 81) by table; U+2212 and U+3000 by name.  A test checks every code point against normalize. */
static unsigned char FOLD_C2[64];   /* indexed by the second byte & 0x3F */
static unsigned char FOLD_2000[112];

static void init_fold(void) {
    static const int latin1[] = {0xA0, 0xA1, 0xA7, 0xAB, 0xB4, 0xB6, 0xB7, 0xBB, 0xBF};
    static const int general[][2] = {{0x2000, 0x200B}, {0x2010, 0x2015}, {0x2018, 0x2022}, {0x2026, 0x2026},
                                     {0x202F, 0x202F}, {0x2032, 0x2033}, {0x205F, 0x205F}};
    for (size_t i = 0; i < sizeof latin1 / sizeof latin1[0]; i++) FOLD_C2[latin1[i] & 0x3F] = 1;
    for (size_t i = 0; i < sizeof general / sizeof general[0]; i++)
        for (int cp = general[i][0]; cp <= general[i][1]; cp++) FOLD_2000[cp - 0x2000] = 1;
}

/* The length of the UTF-8 sequence at s[i] when it is a folded character, else 0. */
static inline Py_ssize_t folded_at(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) {
    unsigned char c = s[i];
    if (c == 0xC2) return (i + 1 < n && FOLD_C2[s[i + 1] & 0x3F]) ? 2 : 0;
    if ((c == 0xE2 || c == 0xE3) && i + 2 < n) {
        unsigned cp = ((unsigned)(c & 0x0F) << 12) | ((unsigned)(s[i + 1] & 0x3F) << 6) | (unsigned)(s[i + 2] & 0x3F);
        if (cp >= 0x2000 && cp < 0x2070) return FOLD_2000[cp - 0x2000] ? 3 : 0;
        return (cp == 0x2212 || cp == 0x3000) ? 3 : 0;
    }
    return 0;
}

/* Hash every word of buf into wh (hash) and wd (document); returns the number of words. */
static Py_ssize_t hash_words(const unsigned char *s, Py_ssize_t n, const int64_t *doc_start, Py_ssize_t n_docs,
                             unsigned long long seed, uint64_t *wh, int64_t *wd) {
    Py_ssize_t nw = 0, i = 0;
    int64_t doc = -1;
    Py_ssize_t next_doc = 0;
    while (i < n) {
        if (!word_byte(s[i])) { i++; continue; }
        if (s[i] >= 0xC2) {
            Py_ssize_t f = folded_at(s, i, n);
            if (f) { i += f; continue; }
        }
        Py_ssize_t start = i;
        /* continuation bytes (80-BF) are never C2, E2 or E3: stepping a byte at a time tests only lead bytes */
        while (i < n && word_byte(s[i]) && !(s[i] >= 0xC2 && folded_at(s, i, n))) i++;
        Py_ssize_t len = i - start;
        while (next_doc < n_docs && doc_start[next_doc] <= start) { doc = next_doc; next_doc++; }
        uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ULL + (uint64_t)seed;
        for (Py_ssize_t part = 0; part * 8 < len; part++) {
            uint64_t chunk = 0;
            Py_ssize_t at = start + part * 8, rem = len - part * 8;
            if (rem > 8) rem = 8;
            if (at + 8 <= n) {  /* eight bytes read at once (little-endian), masked to the word */
                memcpy(&chunk, s + at, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                chunk = __builtin_bswap64(chunk);
#endif
                if (rem < 8) chunk &= (1ULL << (8 * rem)) - 1;
            } else {
                for (Py_ssize_t b = 0; b < rem; b++) chunk |= (uint64_t)s[at + b] << (8 * b);
            }
            h += mix(chunk + (uint64_t)part) * (MULT[part % 8] | 1ULL);
        }
        wh[nw] = mix(h);
        wd[nw] = doc;
        nw++;
    }
    return nw;
}

/* The hash of the shingle of k words starting at w (k <= 8), and of a text with fewer than k words (its
 * first count words, count < k): the same arithmetic as the numpy path. */
static inline uint64_t shingle_hash(const uint64_t *w, int k, uint64_t seedmix) {
    uint64_t acc = 0;
    for (int t = 0; t < k; t++) acc += w[t] * (MULT[t % 8] | 1ULL);
    return mix(acc ^ seedmix);
}

static inline uint64_t short_text_hash(const uint64_t *w, Py_ssize_t count, int k, uint64_t seedmix) {
    uint64_t acc = 0;
    for (Py_ssize_t t = 0; t < count && t < k - 1; t++) acc += w[t] * (MULT[t % 8] | 1ULL);
    return mix(acc ^ seedmix);
}

static void sort_u64(uint64_t *a, Py_ssize_t n) {
    while (n > 16) {
        /* Hoare partition around the median of three: equal keys split evenly. */
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        Py_ssize_t i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j) break;
            uint64_t t = a[i]; a[i] = a[j]; a[j] = t;
        }
        /* recurse into the smaller side, loop on the larger */
        if (j + 1 < n - j - 1) { sort_u64(a, j + 1); a += j + 1; n -= j + 1; }
        else { sort_u64(a + j + 1, n - j - 1); n = j + 1; }
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        Py_ssize_t j = i;
        while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
        a[j] = v;
    }
}

static PyObject *sketch(PyObject *self, PyObject *args) {
    Py_buffer buf, starts, probes;
    int k, num_perm;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "y*y*iKiy*", &buf, &starts, &k, &seed, &num_perm, &probes)) return NULL;
    const unsigned char *s = (const unsigned char *)buf.buf;
    Py_ssize_t n = buf.len;
    const int64_t *doc_start = (const int64_t *)starts.buf;
    Py_ssize_t n_docs = starts.len / (Py_ssize_t)sizeof(int64_t);
    const int64_t *table = (const int64_t *)probes.buf;
    PyObject *result = NULL;
    uint64_t *wh = NULL, *vals = NULL, *sig = NULL;
    int64_t *wd = NULL, *offs = NULL, *unfinished = NULL;
    unsigned char *filled = NULL;
    int bits = 0;
    if (num_perm < 1 || num_perm > (1 << 20)) {
        PyErr_SetString(PyExc_ValueError, "num_perm must be a power of two up to 2**20");
        goto done;
    }
    while ((1 << bits) < num_perm) bits++;
    Py_ssize_t attempts = probes.len / (Py_ssize_t)sizeof(int64_t) / num_perm;
    if (k < 1 || k > 8 || (1 << bits) != num_perm || attempts < 1) {
        PyErr_SetString(PyExc_ValueError, "k must be 1 to 8, num_perm a power of two, probes non-empty");
        goto done;
    }
    for (Py_ssize_t t = 0; t < attempts * num_perm; t++) {
        if (table[t] < 0 || table[t] >= num_perm) {
            PyErr_SetString(PyExc_ValueError, "probe table values must be bins, 0 to num_perm - 1");
            goto done;
        }
    }
    for (Py_ssize_t d = 0; d < n_docs; d++) {
        if (doc_start[d] < 0 || doc_start[d] > n || (d > 0 && doc_start[d] < doc_start[d - 1]) ||
            (d == 0 && doc_start[0] != 0)) {
            PyErr_SetString(PyExc_ValueError, "document starts must rise from 0 within the buffer");
            goto done;
        }
    }
    Py_ssize_t cap = n / 2 + 2;
    wh = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * cap);
    wd = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap);
    vals = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * (cap + n_docs + 1));
    offs = (int64_t *)PyMem_Malloc(sizeof(int64_t) * (n_docs + 1));
    sig = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * (n_docs > 0 ? n_docs : 1) * num_perm);
    unfinished = (int64_t *)PyMem_Malloc(sizeof(int64_t) * (n_docs + 1));
    filled = (unsigned char *)PyMem_Malloc(num_perm);
    if (!wh || !wd || !vals || !offs || !sig || !unfinished || !filled) { PyErr_NoMemory(); goto done; }
    Py_ssize_t nw = hash_words(s, n, doc_start, n_docs, seed, wh, wd);
    uint64_t seedmix = (uint64_t)seed * 0x9E3779B97F4A7C15ULL;
    const int low_bits = 40 - bits;
    const uint64_t low_mask = (1ULL << low_bits) - 1;
    Py_ssize_t m = 0, n_unfinished = 0, w = 0;
    offs[0] = 0;
    for (Py_ssize_t d = 0; d < n_docs; d++) {
        Py_ssize_t first = w;
        while (w < nw && wd[w] == d) w++;
        Py_ssize_t count = w - first, base = m;
        if (count >= k) {
            for (Py_ssize_t x = first; x + k <= w; x++) vals[m++] = shingle_hash(wh + x, k, seedmix) >> (64 - 40);
        } else if (count > 0) {
            vals[m++] = short_text_hash(wh + first, count, k, seedmix) >> (64 - 40);
        }
        sort_u64(vals + base, m - base);
        Py_ssize_t u = base;
        for (Py_ssize_t x = base; x < m; x++)
            if (x == base || vals[x] != vals[u - 1]) vals[u++] = vals[x];
        m = u;
        offs[d + 1] = m;
        uint64_t *row = sig + d * num_perm;
        for (int j = 0; j < num_perm; j++) row[j] = UINT64_MAX;
        if (m == base) continue;
        memset(filled, 0, num_perm);
        for (Py_ssize_t x = m - 1; x >= base; x--) {  /* backwards: the smallest of each bin is written last */
            Py_ssize_t b = (Py_ssize_t)(vals[x] >> low_bits);
            row[b] = vals[x] & low_mask;
            filled[b] = 1;
        }
        int done_all = 1;
        for (int j = 0; j < num_perm; j++) {
            if (filled[j]) continue;
            Py_ssize_t t = 0;
            for (; t < attempts; t++) {
                int64_t probe = table[t * num_perm + j];
                if (filled[probe]) { row[j] = row[probe]; break; }
            }
            if (t == attempts) done_all = 0;
        }
        if (!done_all) unfinished[n_unfinished++] = d;
    }
    {
        /* bytearrays: numpy views of them are writable */
        PyObject *vb = PyByteArray_FromStringAndSize((const char *)vals, m * (Py_ssize_t)sizeof(uint64_t));
        PyObject *ob = PyByteArray_FromStringAndSize((const char *)offs, (n_docs + 1) * (Py_ssize_t)sizeof(int64_t));
        PyObject *sb = PyByteArray_FromStringAndSize((const char *)sig, n_docs * num_perm * (Py_ssize_t)sizeof(uint64_t));
        PyObject *ub = PyByteArray_FromStringAndSize((const char *)unfinished, n_unfinished * (Py_ssize_t)sizeof(int64_t));
        if (vb && ob && sb && ub) result = PyTuple_Pack(4, vb, ob, sb, ub);
        Py_XDECREF(vb);
        Py_XDECREF(ob);
        Py_XDECREF(sb);
        Py_XDECREF(ub);
    }
done:
    PyMem_Free(wh);
    PyMem_Free(wd);
    PyMem_Free(vals);
    PyMem_Free(offs);
    PyMem_Free(sig);
    PyMem_Free(unfinished);
    PyMem_Free(filled);
    PyBuffer_Release(&buf);
    PyBuffer_Release(&starts);
    PyBuffer_Release(&probes);
    return result;
}

static PyObject *intersections(PyObject *self, PyObject *args) {
    Py_buffer values, offsets, pairs;
    if (!PyArg_ParseTuple(args, "y*y*y*", &values, &offsets, &pairs)) return NULL;
    const uint64_t *v = (const uint64_t *)values.buf;
    const int64_t *off = (const int64_t *)offsets.buf;
    const int64_t *pr = (const int64_t *)pairs.buf;
    Py_ssize_t n_sets = offsets.len / (Py_ssize_t)sizeof(int64_t) - 1;
    Py_ssize_t n_values = values.len / (Py_ssize_t)sizeof(uint64_t);
    Py_ssize_t m = pairs.len / (Py_ssize_t)(2 * sizeof(int64_t));
    PyObject *out = NULL;
    for (Py_ssize_t i = 0; i < n_sets; i++) {
        if (off[i] < 0 || off[i] > off[i + 1] || off[i + 1] > n_values) {
            PyErr_SetString(PyExc_ValueError, "set offsets must rise within the values");
            goto done;
        }
    }
    out = PyByteArray_FromStringAndSize(NULL, m * (Py_ssize_t)sizeof(int64_t));
    if (out == NULL) goto done;
    int64_t *shared = (int64_t *)PyByteArray_AS_STRING(out);
    for (Py_ssize_t t = 0; t < m; t++) {
        int64_t i = pr[2 * t], j = pr[2 * t + 1];
        if (i < 0 || j < 0 || i >= n_sets || j >= n_sets) {
            Py_CLEAR(out);
            PyErr_SetString(PyExc_IndexError, "set index out of range");
            goto done;
        }
        const uint64_t *a = v + off[i], *a_end = v + off[i + 1];
        const uint64_t *b = v + off[j], *b_end = v + off[j + 1];
        int64_t count = 0;
        while (a < a_end && b < b_end) {
            if (*a < *b) a++;
            else if (*b < *a) b++;
            else { count++; a++; b++; }
        }
        shared[t] = count;
    }
done:
    PyBuffer_Release(&values);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&pairs);
    return out;
}

static PyObject *band_keys(PyObject *self, PyObject *args) {
    Py_buffer sigs;
    Py_ssize_t n;
    int num_perm, bands, rows;
    unsigned long long empty;
    if (!PyArg_ParseTuple(args, "y*niiiK", &sigs, &n, &num_perm, &bands, &rows, &empty)) return NULL;
    PyObject *out = NULL;
    if (bands < 1 || rows < 1 || (Py_ssize_t)bands * rows > num_perm ||
        sigs.len != n * num_perm * (Py_ssize_t)sizeof(uint64_t)) {
        PyErr_SetString(PyExc_ValueError, "bands x rows must fit in num_perm, sigs must be n x num_perm");
        goto done;
    }
    out = PyByteArray_FromStringAndSize(NULL, n * bands * (Py_ssize_t)sizeof(uint64_t));
    if (out == NULL) goto done;
    const uint64_t *sig = (const uint64_t *)sigs.buf;
    uint64_t *keys = (uint64_t *)PyByteArray_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        const uint64_t *row = sig + i * num_perm;
        uint64_t *key = keys + i * bands;
        for (int b = 0; b < bands; b++) {
            if (row[0] == empty) { key[b] = empty; continue; }
            uint64_t h = 0;
            for (int r = 0; r < rows; r++) h = h * 0x100000001B3ULL + mix(row[b * rows + r] + (uint64_t)r);
            key[b] = mix(h + (uint64_t)b);
        }
    }
done:
    PyBuffer_Release(&sigs);
    return out;
}

static PyObject *band_buckets(PyObject *self, PyObject *args) {
    Py_buffer keys;
    Py_ssize_t n;
    int bands;
    unsigned long long empty;
    if (!PyArg_ParseTuple(args, "y*niK", &keys, &n, &bands, &empty)) return NULL;
    PyObject *result = NULL, *mb = NULL, *rb = NULL;
    int64_t *first = NULL, *last = NULL, *count = NULL, *next = NULL, *members = NULL, *lengths = NULL;
    uint64_t *slot_key = NULL;
    if (bands < 1 || n < 0 || keys.len != n * bands * (Py_ssize_t)sizeof(uint64_t)) {
        PyErr_SetString(PyExc_ValueError, "keys must be n x bands");
        goto done;
    }
    Py_ssize_t cap = 1;
    while (cap < 2 * n + 2) cap <<= 1;  /* open addressing, at most half full */
    slot_key = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * cap);
    first = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap);
    last = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap);
    count = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap);
    next = (int64_t *)PyMem_Malloc(sizeof(int64_t) * (n + 1));
    Py_ssize_t out_cap = n + 16, out_n = 0, runs_cap = n / 2 + 16, runs_n = 0;
    members = (int64_t *)PyMem_Malloc(sizeof(int64_t) * out_cap);
    lengths = (int64_t *)PyMem_Malloc(sizeof(int64_t) * runs_cap);
    if (!slot_key || !first || !last || !count || !next || !members || !lengths) { PyErr_NoMemory(); goto done; }
    const uint64_t *k = (const uint64_t *)keys.buf;
    for (int b = 0; b < bands; b++) {
        for (Py_ssize_t t = 0; t < cap; t++) count[t] = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            uint64_t key = k[i * bands + b];
            if (key == empty) continue;
            Py_ssize_t at = (Py_ssize_t)(mix(key) & (uint64_t)(cap - 1));
            while (count[at] && slot_key[at] != key) at = (at + 1) & (cap - 1);
            next[i] = -1;
            if (!count[at]) {
                slot_key[at] = key;
                first[at] = last[at] = i;
                count[at] = 1;
            } else {
                next[last[at]] = i;
                last[at] = i;
                count[at]++;
            }
        }
        for (Py_ssize_t t = 0; t < cap; t++) {
            if (count[t] < 2) continue;
            if (out_n + count[t] > out_cap || runs_n + 1 > runs_cap) {
                Py_ssize_t new_out = out_cap, new_runs = runs_cap;
                while (out_n + count[t] > new_out) new_out *= 2;
                if (runs_n + 1 > new_runs) new_runs *= 2;
                int64_t *m2 = (int64_t *)PyMem_Realloc(members, sizeof(int64_t) * new_out);
                if (!m2) { PyErr_NoMemory(); goto done; }
                members = m2;
                int64_t *l2 = (int64_t *)PyMem_Realloc(lengths, sizeof(int64_t) * new_runs);
                if (!l2) { PyErr_NoMemory(); goto done; }
                lengths = l2;
                out_cap = new_out;
                runs_cap = new_runs;
            }
            for (int64_t i = first[t]; i >= 0; i = next[i]) members[out_n++] = i;
            lengths[runs_n++] = count[t];
        }
    }
    mb = PyByteArray_FromStringAndSize((const char *)members, out_n * (Py_ssize_t)sizeof(int64_t));
    rb = PyByteArray_FromStringAndSize((const char *)lengths, runs_n * (Py_ssize_t)sizeof(int64_t));
    if (mb && rb) result = PyTuple_Pack(2, mb, rb);
done:
    Py_XDECREF(mb);
    Py_XDECREF(rb);
    PyMem_Free(slot_key);
    PyMem_Free(first);
    PyMem_Free(last);
    PyMem_Free(count);
    PyMem_Free(next);
    PyMem_Free(members);
    PyMem_Free(lengths);
    PyBuffer_Release(&keys);
    return result;
}

static PyObject *shingle_hashes(PyObject *self, PyObject *args) {
    Py_buffer buf, starts;
    int k;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "y*y*iK", &buf, &starts, &k, &seed)) return NULL;
    const unsigned char *s = (const unsigned char *)buf.buf;
    Py_ssize_t n = buf.len;
    const int64_t *doc_start = (const int64_t *)starts.buf;
    Py_ssize_t n_docs = starts.len / (Py_ssize_t)sizeof(int64_t);
    PyObject *result = NULL;
    uint64_t *wh = NULL, *out_h = NULL;
    int64_t *wd = NULL, *out_d = NULL;
    if (k < 1 || k > 8) {
        PyErr_SetString(PyExc_ValueError, "k must be 1 to 8");
        goto done;
    }
    /* Words: at most one per two bytes. */
    Py_ssize_t cap = n / 2 + 2;
    wh = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * cap);
    wd = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap);
    if (!wh || !wd) { PyErr_NoMemory(); goto done; }
    Py_ssize_t nw = hash_words(s, n, doc_start, n_docs, seed, wh, wd);
    uint64_t seedmix = (uint64_t)seed * 0x9E3779B97F4A7C15ULL;
    Py_ssize_t cap_out = nw + n_docs + 1;
    out_h = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * cap_out);
    out_d = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap_out);
    if (!out_h || !out_d) { PyErr_NoMemory(); goto done; }
    Py_ssize_t m = 0;
    for (Py_ssize_t w = 0; w + k <= nw; w++) {
        if (wd[w] != wd[w + k - 1]) continue;
        out_h[m] = shingle_hash(wh + w, k, seedmix);
        out_d[m] = wd[w];
        m++;
    }
    /* Documents with fewer than k words (but at least one): one shingle of all their words. */
    Py_ssize_t w = 0;
    while (w < nw) {
        Py_ssize_t first = w;
        while (w < nw && wd[w] == wd[first]) w++;
        Py_ssize_t count = w - first;
        if (count < k) {
            out_h[m] = short_text_hash(wh + first, count, k, seedmix);
            out_d[m] = wd[first];
            m++;
        }
    }
    PyObject *hb = PyBytes_FromStringAndSize((const char *)out_h, m * (Py_ssize_t)sizeof(uint64_t));
    PyObject *db = PyBytes_FromStringAndSize((const char *)out_d, m * (Py_ssize_t)sizeof(int64_t));
    if (hb && db) result = PyTuple_Pack(2, hb, db);
    Py_XDECREF(hb);
    Py_XDECREF(db);
done:
    PyMem_Free(wh);
    PyMem_Free(wd);
    PyMem_Free(out_h);
    PyMem_Free(out_d);
    PyBuffer_Release(&buf);
    PyBuffer_Release(&starts);
    return result;
}

static PyObject *folds_typography(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    Py_RETURN_TRUE;
}

static PyMethodDef methods[] = {
    {"folds_typography", folds_typography, METH_NOARGS,
     "True: shingle_hashes and sketch end words at the typographic characters normalize folds (see dedup.shingle)."},
    {"shingle_hashes", shingle_hashes, METH_VARARGS, "Word shingle hashes of a joined buffer (see dedup.shingle)."},
    {"intersections", intersections, METH_VARARGS, "Shared values of pairs of sorted sets (see dedup.shingle)."},
    {"band_keys", band_keys, METH_VARARGS, "LSH band keys of signatures (see dedup.minhash)."},
    {"band_buckets", band_buckets, METH_VARARGS, "LSH buckets of two or more documents (see dedup.minhash)."},
    {"sketch", sketch, METH_VARARGS, "Shingle sets and MinHash signatures of a joined buffer (see dedup.minhash)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fasthash", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fasthash(void) {
    init_word_bytes();
    init_fold();
    return PyModule_Create(&module);
}
