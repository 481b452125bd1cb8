/*
 * Word shingle hashes in one pass over a buffer: the compiled twin of the numpy
 * code in dedup/shingle.py (_shingle_chunk), bit for bit.  Optional: when it is
 * not built, dedup uses the numpy path.
 *
 * shingle_hashes(buf, doc_starts, k, seed) -> (hashes: bytes, docs: bytes)
 *   buf         normalised UTF-8 text of a batch, documents joined by "\n"
 *   doc_starts  int64 byte offset of each document (native byte order)
 *   returns     uint64 shingle hashes and int64 document indices, as raw bytes
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

static inline int word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 128;
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
    Py_ssize_t nw = 0, i = 0;
    int64_t doc = -1;
    Py_ssize_t next_doc = 0;
    while (i < n) {
        if (!word_byte(s[i])) { i++; continue; }
        Py_ssize_t start = i;
        while (i < n && word_byte(s[i])) i++;
        Py_ssize_t len = i - start;
        while (next_doc < n_docs && doc_start[next_doc] <= start) { doc = next_doc; next_doc++; }
        uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ULL + (uint64_t)seed;
        for (Py_ssize_t part = 0; part * 8 < len; part++) {
            uint64_t chunk = 0;
            Py_ssize_t rem = len - part * 8;
            if (rem > 8) rem = 8;
            for (Py_ssize_t b = 0; b < rem; b++) chunk |= (uint64_t)s[start + part * 8 + b] << (8 * b);
            h += mix(chunk + (uint64_t)part) * (MULT[part % 8] | 1ULL);
        }
        wh[nw] = mix(h);
        wd[nw] = doc;
        nw++;
    }
    uint64_t seedmix = (uint64_t)seed * 0x9E3779B97F4A7C15ULL;
    Py_ssize_t cap_out = nw + n_docs + 1;
    out_h = (uint64_t *)PyMem_Malloc(sizeof(uint64_t) * cap_out);
    out_d = (int64_t *)PyMem_Malloc(sizeof(int64_t) * cap_out);
    if (!out_h || !out_d) { PyErr_NoMemory(); goto done; }
    Py_ssize_t m = 0;
    for (Py_ssize_t w = 0; w + k <= nw; w++) {
        if (wd[w] != wd[w + k - 1]) continue;
        uint64_t acc = 0;
        for (int t = 0; t < k; t++) acc += wh[w + t] * (MULT[t % 8] | 1ULL);
        out_h[m] = mix(acc ^ seedmix);
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
            uint64_t acc = 0;
            for (Py_ssize_t t = 0; t < count && t < k - 1; t++) acc += wh[first + t] * (MULT[t % 8] | 1ULL);
            out_h[m] = mix(acc ^ seedmix);
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

static PyMethodDef methods[] = {
    {"shingle_hashes", shingle_hashes, METH_VARARGS, "Word shingle hashes of a joined buffer (see dedup.shingle)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fasthash", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fasthash(void) { return PyModule_Create(&module); }
