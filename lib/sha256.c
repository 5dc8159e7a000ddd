/*
 * sha256.c - SHA-256 (FIPS 180-4), the one place that computes it: the
 * fingerprints of findings and the checksums of the history index.
 * OpenSSL's libcrypto does the work, with the processor's SHA extensions
 * where it has them: the history index checks a megabyte on opening, and
 * a portable implementation took 30 % of a log's time doing so.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* the one-context SHA256_* calls: no allocation, no failure */
#include "internal.h"

#include <openssl/sha.h>
#include <string.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((struct oreg_sha256 *)0)->state), "struct oreg_sha256 too small");

void oreg_sha256_init(struct oreg_sha256 *s)
{
	SHA256_Init((SHA256_CTX *)(void *)s->state);
}

void oreg_sha256_update(struct oreg_sha256 *s, const void *data, size_t len)
{
	SHA256_Update((SHA256_CTX *)(void *)s->state, data, len);
}

void oreg_sha256_final(struct oreg_sha256 *s, unsigned char out[32])
{
	SHA256_Final(out, (SHA256_CTX *)(void *)s->state);
}

void oreg_sha256(unsigned char out[32], const void *data, size_t len)
{
	/*
	 * Not SHA256(): in OpenSSL 3 that fetches the digest through the
	 * provider machinery, whose first use initialises the library (about
	 * a fifth of the instructions of a log of one record).
	 */
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, data, len);
	SHA256_Final(out, &c);
}

void oreg_sha256_hex(char out[65], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	size_t i;

	oreg_sha256(d, data, len);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
