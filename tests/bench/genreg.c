/*
 * genreg.c - generate a synthetic register for the benchmarks.
 *
 *   genreg [--seed N] [--quoted-dates] DIR N
 *   genreg --history --schemas DIR [--scale F] [--seed N] [--quoted-dates] > stream
 *
 * writes N records under DIR/records in the proportions of the brief's
 * "Size to plan for" (20,000 organisations : 500,000 contacts : 100
 * exclusions), with field sizes taken from what policy officers write.
 * DIR/schemas is not written: the caller copies the project's schemas in.
 *
 * Every record is valid against the project's schemas and passes every
 * rule: contacts name organisations that exist, no organisation is
 * excluded (exclusions are drawn from a vocabulary no organisation name
 * uses, their KvK numbers from a range no organisation has, and they name
 * no organisation record), endorsed is never after from, and no field
 * holds anything that looks like personal data (no run of nine or more
 * digits, no '@', no '+').
 *
 * The output depends on the seed and N only.  Each record is drawn from a
 * generator seeded by (seed, type, index), so record i of a type is the
 * same whatever else is generated around it; a later generator of history
 * (one commit per change, through git fast-import) can re-render any
 * record, or a changed version of it, on its own.
 *
 * The model (render_*) writes a record's YAML into a buffer; a sink puts
 * it somewhere: files under DIR, or (--history) the inline blobs of a
 * git fast-import stream on stdout, a register with ten years of history
 * whose HEAD is exactly what "genreg DIR N" writes for N = 520,100 x F
 * (see "History" below; the summary goes to stderr).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The brief's register: 20,000 organisations, 500,000 contacts, 100 exclusions. */
#define PLAN_ORGANISATIONS 20000u
#define PLAN_CONTACTS 500000u
#define PLAN_EXCLUSIONS 100u

/* Valid time of the generated register: contacts and partnerships. */
#define FIRST_YEAR 2016
#define LAST_YEAR 2025

enum record_type { T_ORGANISATION = 1, T_CONTACT = 2, T_EXCLUSION = 3 };

/* ------------------------------------------------------------------ */
/* Failures                                                            */
/* ------------------------------------------------------------------ */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("genreg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, one stream per record                   */
/* ------------------------------------------------------------------ */

struct rng {
	uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* The stream of record index of type, independent of every other record. */
static struct rng rng_for(uint64_t seed, enum record_type type, uint64_t index)
{
	struct rng r = { seed ^ ((uint64_t)type << 56) };

	r.state = rng_next(&r) ^ index;
	rng_next(&r);
	return r;
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant here. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)((rng_next(r) >> 32) % n);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability percent/100. */
static int rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

#define PICK(r, list) ((list)[rng_below((r), ARRAY_SIZE(list))])

/* A weighted choice: weights[i] in percent, summing to 100. */
static size_t rng_weighted(struct rng *r, const unsigned *weights, size_t n)
{
	unsigned x = rng_below(r, 100), acc = 0;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		acc += weights[i];
		if (x < acc)
			return i;
	}
	return n - 1;
}

/*
 * Pick k distinct indexes below n into out (k <= n, k small), in
 * ascending order so that lists read the way people write them.
 */
static void rng_distinct(struct rng *r, size_t *out, size_t k, size_t n)
{
	size_t i, j, got = 0;

	while (got < k) {
		size_t x = rng_below(r, (uint32_t)n);

		for (j = 0; j < got && out[j] != x; j++)
			;
		if (j == got)
			out[got++] = x;
	}
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && out[j - 1] > out[j]; j--) {
			size_t t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
}

/* ------------------------------------------------------------------ */
/* Dates, as days since 1970-01-01                                     */
/* ------------------------------------------------------------------ */

struct date {
	int year, month, day;
};

/* Howard Hinnant's days_from_civil and civil_from_days. */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct date civil_from_days(long z)
{
	struct date out;
	long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	out.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	out.year = (int)(y + (out.month <= 2));
	return out;
}

/* A day of year (uniform over the year's days). */
static long rng_day_in_year(struct rng *r, int year)
{
	long first = days_from_civil(year, 1, 1), next = days_from_civil(year + 1, 1, 1);

	return first + (long)rng_below(r, (uint32_t)(next - first));
}

static long rng_day_between(struct rng *r, int first_year, int last_year)
{
	long first = days_from_civil(first_year, 1, 1), next = days_from_civil(last_year + 1, 1, 1);

	return first + (long)rng_below(r, (uint32_t)(next - first));
}

/* ------------------------------------------------------------------ */
/* Output buffer                                                       */
/* ------------------------------------------------------------------ */

struct buf {
	char *ptr;
	size_t len, alloc;
};

static void buf_grow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->alloc)
		return;
	while (b->len + more + 1 > b->alloc)
		b->alloc = b->alloc ? b->alloc * 2 : 4096;
	b->ptr = realloc(b->ptr, b->alloc);
	if (!b->ptr)
		die("out of memory");
}

static void buf_add(struct buf *b, const char *s, size_t len)
{
	buf_grow(b, len);
	memcpy(b->ptr + b->len, s, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

static void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_addch(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

static void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf failed");
	if (b->len + (size_t)n + 1 > b->alloc) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

static void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* ------------------------------------------------------------------ */
/* YAML writing                                                        */
/* ------------------------------------------------------------------ */

struct options {
	uint64_t seed;
	int quoted_dates; /* "2024-03-05" rather than 2024-03-05, for YAML 1.1 readers */
};

static const struct options *opts;

/*
 * Can s be written as a plain block scalar that every YAML 1.1 and 1.2
 * reader takes for this string?  Conservative: it starts with a letter
 * (or a UTF-8 sequence), holds no ": ", " #" or control character, does
 * not end in ':' or a space, and is not one of the words that YAML 1.1
 * turns into a boolean or null.
 */
static int plain_ok(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null",
	};
	size_t len = strlen(s), i;
	unsigned char c0 = (unsigned char)s[0];

	if (!len || !((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 >= 0x80))
		return 0;
	if (s[len - 1] == ':' || s[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c == ':' && s[i + 1] == ' ')
			return 0;
		if (c == ' ' && s[i + 1] == '#')
			return 0;
	}
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		const char *w = words[i];
		size_t j;

		if (strlen(w) != len)
			continue;
		for (j = 0; j < len && (s[j] | 0x20) == w[j]; j++)
			;
		if (j == len)
			return 0;
	}
	return 1;
}

static void put_scalar(struct buf *b, const char *s)
{
	const char *p;

	if (plain_ok(s)) {
		buf_adds(b, s);
		return;
	}
	buf_addch(b, '"');
	for (p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addch(b, '\\');
		buf_addch(b, *p);
	}
	buf_addch(b, '"');
}

/* "key: value\n" at indent. */
static void put_field(struct buf *b, int indent, const char *key, const char *value)
{
	buf_addf(b, "%*s%s: ", indent, "", key);
	put_scalar(b, value);
	buf_addch(b, '\n');
}

static void put_date(struct buf *b, int indent, const char *key, long days)
{
	struct date d = civil_from_days(days);
	const char *q = opts->quoted_dates ? "\"" : "";

	buf_addf(b, "%*s%s: %s%04d-%02d-%02d%s\n", indent, "", key, q, d.year, d.month, d.day, q);
}

/* "key:\n" followed by "  - item" lines. */
static void put_list(struct buf *b, int indent, const char *key, const char *const *items, size_t n)
{
	size_t i;

	buf_addf(b, "%*s%s:\n", indent, "", key);
	for (i = 0; i < n; i++) {
		buf_addf(b, "%*s  - ", indent, "");
		put_scalar(b, items[i]);
		buf_addch(b, '\n');
	}
}

/* ------------------------------------------------------------------ */
/* Vocabulary                                                          */
/* ------------------------------------------------------------------ */

static const char *const themes[] = {
	"taal", "werk", "open-en-vrije-samenleving", "maatschappelijke-samenhang",
	"gelijke-kansen", "overig",
};

/* Organisation names: [legal form] first second place [district...]. */
static const char *const legal_forms[] = {
	"Stichting", "Vereniging", "Stichting", "Federatie", "Platform", "Stichting",
	"Vereniging", "Coöperatie",
};
static const char *const name_first[] = {
	"Samen", "Nieuw", "Open", "Sterk", "Vrij", "Actief", "Verbonden", "Gedeeld", "Eigen",
	"Breed", "Helder", "Warm", "Groen", "Jong", "Wijs", "Zelfbewust", "Divers", "Krachtig",
	"Betrokken", "Gelijk", "Veelkleurig", "Vitaal", "Stevig", "Welkom", "Trots", "Goed",
	"Vrouwen", "Ouders", "Buurt", "Wijk", "Taal", "Werk",
};
static const char *const name_second[] = {
	"Thuis", "Verder", "Perspectief", "Toekomst", "Netwerk", "Dialoog", "Huis", "Horizon",
	"Brug", "Kracht", "Welzijn", "Talent", "Initiatief", "Ontmoeting", "Jongeren", "Nieuwkomers",
	"Kompas", "Haven", "Plein", "Tafel", "Kring", "Steunpunt", "Werkplaats", "Academie",
	"Beweging", "Verbinding", "Participatie", "Emancipatie", "Integratie", "Samenleving",
	"Gemeenschap", "Dialoogcentrum",
};
static const char *const places[] = {
	"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
	"Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
	"Zaanstad", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Zoetermeer", "Ede", "Emmen",
	"Westland", "Delft", "Venlo", "Deventer", "Leeuwarden", "Alkmaar", "Helmond", "Hilversum",
	"Heerlen", "Oss", "Lelystad", "Schiedam", "Gouda", "Purmerend", "Vlaardingen", "Roosendaal",
	"Hoorn", "Almelo", "Capelle aan den IJssel", "Alphen aan den Rijn", "Bergen op Zoom",
	"Nieuwegein", "Veenendaal", "Den Helder", "'s-Hertogenbosch",
};
/* Bijective base-n digits appended once the combinations above run out. */
static const char *const districts[] = {
	"Noord", "Zuid", "Oost", "West", "Centrum", "Nieuw-West", "Zuidoost", "Oud-Zuid",
	"Feijenoord", "Charlois", "Kanaleneiland", "Overvecht", "Schilderswijk", "Transvaal",
};

static const char *const org_kinds[] = {
	"maatschappelijke-organisatie", "zelforganisatie", "religieuze-organisatie",
	"koepelorganisatie", "kennisinstituut", "gemeente", "overheidsorganisatie", "overig",
};
static const unsigned org_kind_weights[] = { 30, 25, 10, 8, 7, 8, 5, 7 };

static const char *const note_sentences[] = {
	"Contact loopt via het bestuur; afspraken worden vastgelegd in het verslag van het overleg.",
	"Organisatie is actief in meerdere wijken en werkt samen met het wijkteam en de bibliotheek.",
	"Subsidie via de gemeente; voortgang wordt halfjaarlijks besproken met de projectleider.",
	"Betrokken bij de regionale taalaanpak en het programma voor maatschappelijke begeleiding.",
	"Heeft de waarden van een open en vrije samenleving onderschreven bij de start van het partnerschap.",
	"Let op: organisatie vraagt om terughoudendheid bij publicatie vanwege eerdere bedreigingen.",
	"Vorige naam gewijzigd na fusie met een lokale vrijwilligersorganisatie.",
	"Werkt met ervaringsdeskundigen en vrijwilligers uit de eigen gemeenschap.",
	"Financiële verantwoording over het afgelopen jaar is ontvangen en akkoord bevonden.",
	"Gesprekspartner bij de evaluatie van de Actieagenda Integratie en de voortgangsrapportage.",
};

static const char *const subject_openers[] = {
	"Overleg over", "Gesprek over", "Kennismaking en verkenning van", "Werkbezoek in het kader van",
	"Bijeenkomst over", "Afstemming over", "Voortgangsgesprek over", "Rondetafelgesprek over",
	"Terugkoppeling over", "Verkennend gesprek over", "Expertmeeting over",
};
static const char *const subject_topics[] = {
	"de voortgang van de Actieagenda Integratie", "het taalaanbod voor nieuwkomers",
	"de aanpak van discriminatie op de arbeidsmarkt", "de samenwerking met de gemeente",
	"vrijwilligerswerk in de wijk", "de positie van vrouwen in de gemeenschap",
	"ouderbetrokkenheid in het onderwijs", "financiële zelfredzaamheid",
	"de inburgering van statushouders", "maatschappelijke begeleiding",
	"jongerenwerk en preventie", "de dialoog tussen gemeenschappen",
	"polarisatie na recente gebeurtenissen", "de coördinatie van activiteiten",
	"het subsidiekader voor het komende jaar", "de evaluatie van het project",
	"de toeleiding naar werk en stages", "gelijke kansen in het beroepsonderwijs",
	"ongewenste buitenlandse beïnvloeding", "weerbaarheid van jongeren online",
	"de waarden van een open en vrije samenleving", "het netwerk van sleutelfiguren",
};
static const char *const subject_links[] = {
	"en", "met aandacht voor", "in relatie tot", "naar aanleiding van", "in samenhang met",
	"en daarnaast", "mede gelet op",
};

static const char *const contact_kinds[] = { "structureel", "incidenteel", "signalering" };
static const unsigned contact_kind_weights[] = { 55, 35, 10 };
static const char *const forms[] = {
	"overleg", "werkbezoek", "bijeenkomst", "telefonisch", "online", "overig",
};
static const unsigned form_weights[] = { 40, 15, 15, 10, 15, 5 };
static const char *const roles[] = {
	"bestuur", "directie", "beleidsmedewerker", "wethouder", "projectleider", "voorzitter",
	"coördinator", "jongerenwerker", "voorganger", "adviseur", "vrijwilliger", "secretaris",
	"penningmeester", "programmamanager", "onderzoeker", "medewerker",
};
static const char *const units[] = {
	"directie Samenleving en Integratie", "directie Samenleving en Integratie, team Actieagenda",
	"directie Samenleving en Integratie, team Inburgering", "team Samenleven",
	"team Kennis en Verkenning", "programma Weerbaarheid",
};

/*
 * Exclusions: names from a vocabulary that shares no word with any
 * organisation name, so that no organisation is excluded and none has a
 * close name.
 */
static const char *const excl_first[] = {
	"Alfa", "Bèta", "Gamma", "Delta", "Epsilon", "Zèta", "Kappa", "Lambda", "Omikron",
	"Sigma", "Tau", "Ypsilon", "Omega", "Phi", "Chi", "Psi",
};
static const char *const excl_second[] = {
	"Dageraad", "Vuurtoren", "Zonnewende", "Morgenrood", "Kruispunt", "Stroming", "Golfslag",
	"Windroos", "Noorderlicht", "Zandloper", "Ankerplaats", "Bergkam",
};
static const char *const excl_third[] = {
	"Collectief", "Beweging", "Front", "Kern", "Genootschap", "Raad",
};
static const char *const grounds[] = {
	"advies-veiligheidsdiensten", "steun-terroristische-organisatie", "tegenwerken-integratie",
	"buitenlandse-beinvloeding",
};

/* The outside source of an exclusion, with a reference of year and number. */
static void make_source(struct buf *b, struct rng *r, int year)
{
	int nr = rng_range(r, 1, 9999);

	buf_clear(b);
	switch (rng_below(r, 5)) {
	case 0:
		buf_addf(b, "Ambtsbericht AIVD, kenmerk AIVD-%d-%04d", year, nr);
		break;
	case 1:
		buf_addf(b, "Advies NCTV over contacten met maatschappelijke organisaties, kenmerk NCTV-%d-%04d",
			year, nr);
		break;
	case 2:
		buf_addf(b, "Kamerstuk 32 824, nr. 445, met nadere duiding van het ministerie van "
			"Justitie en Veiligheid (%d, volgnummer %d)", year, nr);
		break;
	case 3:
		buf_addf(b, "Uitspraak rechtbank Den Haag, ECLI:NL:RBDHA:%d:%d", year, nr);
		break;
	default:
		buf_addf(b, "Advies MIVD aan de Staatssecretaris van SZW, kenmerk MIVD-%d-%04d", year, nr);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* Keep the first max bytes of b from start, cut at a space; never inside a UTF-8 sequence. */
static void cut_words(struct buf *b, size_t start, size_t max)
{
	size_t end;

	if (b->len - start <= max)
		return;
	end = start + max;
	while (end > start && b->ptr[end] != ' ')
		end--;
	while (end > start && (b->ptr[end - 1] == ' ' || b->ptr[end - 1] == ','))
		end--;
	b->len = end;
	b->ptr[end] = '\0';
}

/* A subject of lo to hi bytes: opener, topic, then linked topics. */
static void make_subject(struct buf *b, struct rng *r, size_t lo, size_t hi)
{
	size_t target = (size_t)rng_range(r, (int)lo, (int)hi);

	buf_clear(b);
	buf_adds(b, PICK(r, subject_openers));
	buf_addch(b, ' ');
	buf_adds(b, PICK(r, subject_topics));
	while (b->len < target) {
		buf_adds(b, rng_chance(r, 50) ? ", " : " ");
		buf_adds(b, PICK(r, subject_links));
		buf_addch(b, ' ');
		buf_adds(b, PICK(r, subject_topics));
	}
	cut_words(b, 0, hi);
}

static void make_notes(struct buf *b, struct rng *r, size_t lo, size_t hi)
{
	size_t target = (size_t)rng_range(r, (int)lo, (int)hi);
	static const size_t strides[] = { 1, 3, 7, 9 }; /* coprime with the 10 sentences */
	size_t n = ARRAY_SIZE(note_sentences), k = rng_below(r, (uint32_t)n), step = PICK(r, strides);

	buf_clear(b);
	for (; b->len < target; k += step) { /* distinct sentences until the target is met */
		if (b->len)
			buf_addch(b, ' ');
		buf_adds(b, note_sentences[k % n]);
	}
	cut_words(b, 0, hi);
}

/* lower-case letters, digits and single hyphens; ASCII-folds what we use. */
static void slug_add(struct buf *b, const char *s)
{
	int hyphen = b->len > 0 && b->ptr[b->len - 1] != '-';

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0xc3 && s[1]) { /* ö é è ë ï: fold to the base letter */
			unsigned char d = (unsigned char)*++s;

			c = d == 0xb6 ? 'o' : d == 0xa9 || d == 0xa8 || d == 0xab ? 'e' : d == 0xaf ? 'i' : 'x';
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (hyphen)
				buf_addch(b, '-');
			hyphen = 0;
			buf_addch(b, (char)c);
		} else if (b->len) {
			hyphen = 1;
		}
	}
}

/* ------------------------------------------------------------------ */
/* The register's shape                                                */
/* ------------------------------------------------------------------ */

struct plan {
	size_t organisations, contacts, exclusions;
	/* Names of organisation i come from combination (i * name_mul) % name_mod. */
	uint64_t name_mod, name_mul;
	char **org_ids; /* rendered once: contacts refer to them */
};

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static void plan_init(struct plan *p, size_t n)
{
	const double total = PLAN_ORGANISATIONS + PLAN_CONTACTS + PLAN_EXCLUSIONS;

	p->organisations = (size_t)((double)n * PLAN_ORGANISATIONS / total + 0.5);
	p->exclusions = (size_t)((double)n * PLAN_EXCLUSIONS / total + 0.5);
	if (p->organisations < 1 && n >= 1)
		p->organisations = 1;
	if (p->exclusions < 1 && n >= 2)
		p->exclusions = 1;
	p->contacts = n - p->organisations - p->exclusions;

	p->name_mod = ARRAY_SIZE(name_first) * ARRAY_SIZE(name_second) * ARRAY_SIZE(places);
	p->name_mul = 7919; /* a prime: spreads consecutive organisations over the words */
	while (gcd(p->name_mul, p->name_mod) != 1)
		p->name_mul += 2;
	p->org_ids = NULL;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

/*
 * The name of organisation i, unique: a combination of first word,
 * second word and place, then districts when the combinations run out.
 */
static const char *org_core_name(struct buf *b, const struct plan *p, size_t i)
{
	const char *place;
	uint64_t combo = ((uint64_t)(i % p->name_mod) * p->name_mul) % p->name_mod;
	uint64_t layer = i / p->name_mod;

	buf_adds(b, name_first[combo % ARRAY_SIZE(name_first)]);
	combo /= ARRAY_SIZE(name_first);
	buf_addch(b, ' ');
	buf_adds(b, name_second[combo % ARRAY_SIZE(name_second)]);
	combo /= ARRAY_SIZE(name_second);
	buf_addch(b, ' ');
	place = places[combo % ARRAY_SIZE(places)];
	buf_adds(b, place);
	while (layer > 0) {
		buf_addch(b, ' ');
		buf_adds(b, districts[(layer - 1) % ARRAY_SIZE(districts)]);
		layer = (layer - 1) / ARRAY_SIZE(districts);
	}
	return place;
}

/*
 * The full name (20 to 60 bytes where the combinations allow) and the id
 * of organisation i: both depend on i and the seed only.  Returns the
 * place in the name.
 */
static const char *org_name(struct buf *name, struct buf *id, const struct plan *p, size_t i)
{
	struct rng r = rng_for(opts->seed, T_ORGANISATION, ~(uint64_t)i);
	struct buf core = { 0 };
	const char *place = org_core_name(&core, p, i);

	buf_clear(name);
	if (rng_chance(&r, 70) || core.len < 20) {
		buf_adds(name, PICK(&r, legal_forms));
		buf_addch(name, ' ');
	}
	if (name->len + core.len < 20)
		buf_adds(name, "Regionaal ");
	buf_add(name, core.ptr, core.len);
	if (name->len > 60 && name->len - core.len <= 25) {
		/* drop the legal form rather than exceed 60 */
		memmove(name->ptr, core.ptr, core.len + 1);
		name->len = core.len;
	}
	free(core.ptr);

	buf_clear(id);
	slug_add(id, name->ptr);
	if (id->len > 64)
		die("organisation id of %zu bytes: too many organisations for the vocabulary", id->len);
	return place;
}

/* The KvK number of organisation i: distinct, 10000000 to 89999999. */
static uint32_t org_kvk(size_t i)
{
	return 10000000u + (uint32_t)(((uint64_t)i * 48271u + 12345u) % 80000000u);
}

static void render_organisation(struct buf *out, const struct plan *p, size_t i)
{
	struct rng r = rng_for(opts->seed, T_ORGANISATION, i);
	struct buf name = { 0 }, id = { 0 }, text = { 0 };
	size_t k, npart;
	long from = 0;
	const char *place = org_name(&name, &id, p, i);

	buf_clear(out);
	put_field(out, 0, "name", name.ptr);

	if (rng_chance(&r, 20)) {
		/* an abbreviation and sometimes a former name */
		char abbr[16];
		size_t n = 0;
		const char *s = name.ptr;
		const char *former[2];

		for (; *s && n < sizeof(abbr) - 1; s++)
			if (*s >= 'A' && *s <= 'Z' && (s == name.ptr || s[-1] == ' '))
				abbr[n++] = *s;
		abbr[n] = '\0';
		former[0] = abbr;
		buf_clear(&text);
		buf_adds(&text, "Voorheen ");
		buf_adds(&text, PICK(&r, name_first));
		buf_adds(&text, " ");
		buf_adds(&text, PICK(&r, places));
		former[1] = text.ptr;
		if (n >= 2)
			put_list(out, 0, "aliases", former, rng_chance(&r, 40) ? 2 : 1);
		else
			put_list(out, 0, "aliases", former + 1, 1);
	}
	if (rng_chance(&r, 85))
		buf_addf(out, "kvk: \"%08" PRIu32 "\"\n", org_kvk(i));
	put_field(out, 0, "kind", org_kinds[rng_weighted(&r, org_kind_weights, ARRAY_SIZE(org_kinds))]);
	if (rng_chance(&r, 90))
		put_field(out, 0, "city", rng_chance(&r, 85) ? place : PICK(&r, places));
	if (rng_chance(&r, 60)) {
		buf_clear(&text);
		buf_adds(&text, rng_chance(&r, 90) ? "https://www." : "http://");
		for (k = 0; k < id.len; k++)
			if (id.ptr[k] != '-')
				buf_addch(&text, id.ptr[k]);
		buf_adds(&text, rng_chance(&r, 85) ? ".nl" : ".org");
		put_field(out, 0, "website", text.ptr);
	}
	if (rng_chance(&r, 5))
		put_field(out, 0, "visibility", "confidential");
	else if (rng_chance(&r, 10))
		put_field(out, 0, "visibility", "public");

	npart = rng_chance(&r, 70) ? 0 : rng_chance(&r, 75) ? 1 : 2;
	if (npart)
		buf_adds(out, "partnerships:\n");
	for (k = 0; k < npart; k++) {
		size_t t[3], nt = (size_t)rng_range(&r, 1, 3), j;
		const char *names[3];
		long until = -1;
		int last = k + 1 == npart;

		/* the first period starts in 2016-2023, later ones after the previous until */
		from = k == 0 ? rng_day_between(&r, FIRST_YEAR, LAST_YEAR - 2) : from + rng_range(&r, 30, 400);
		if (!last || rng_chance(&r, 50))
			until = from + rng_range(&r, 180, 1100);
		put_date(out, 2, "- from", from);
		if (until >= 0)
			put_date(out, 4, "until", until);
		rng_distinct(&r, t, nt, ARRAY_SIZE(themes));
		for (j = 0; j < nt; j++)
			names[j] = themes[t[j]];
		put_list(out, 4, "themes", names, nt);
		put_date(out, 4, "endorsed", from - rng_range(&r, 0, 120));
		if (rng_chance(&r, 80)) {
			struct date d = civil_from_days(from);

			buf_addf(out, "    agreement: SZW-%04d-%04u\n", d.year, (unsigned)rng_range(&r, 1, 9999));
		}
		if (until >= 0)
			from = until;
	}
	if (rng_chance(&r, 25)) {
		make_notes(&text, &r, 120, 280);
		put_field(out, 0, "notes", text.ptr);
	}
	free(name.ptr);
	free(id.ptr);
	free(text.ptr);
}

/* Organisation index for a contact: skewed, a few organisations have many contacts. */
static size_t pick_org(struct rng *r, size_t n)
{
	double u = (double)(rng_next(r) >> 11) / 9007199254740992.0;
	size_t k = (size_t)((double)n * u * u);

	return k < n ? k : n - 1;
}

/*
 * The first draws of contact i: its date and the organisations it names
 * (indexes into the plan's organisations, at most 3).  Returns the number
 * of organisations; r is left where the rest of the record goes on.
 */
static size_t contact_head(struct rng *r, long *day, size_t org[3], const struct plan *p, size_t i)
{
	size_t norg, k, n;

	*r = rng_for(opts->seed, T_CONTACT, i);
	*day = rng_day_in_year(r, FIRST_YEAR + (int)rng_below(r, LAST_YEAR - FIRST_YEAR + 1));
	norg = rng_chance(r, 70) ? 1 : rng_chance(r, 73) ? 2 : 3;
	if (norg > p->organisations)
		norg = p->organisations;
	for (n = 0; n < norg;) {
		size_t x = pick_org(r, p->organisations);

		for (k = 0; k < n && org[k] != x; k++)
			;
		if (k == n)
			org[n++] = x;
	}
	return norg;
}

/* Render contact i into out; its date goes to *day, its id into id. */
static void render_contact(struct buf *out, struct buf *id, long *day, const struct plan *p, size_t i)
{
	struct rng r;
	struct buf text = { 0 };
	size_t org[3], norg, k, n;
	const char *names[3];
	struct date d;

	norg = contact_head(&r, day, org, p, i);
	d = civil_from_days(*day);

	/* 2024-03-05-<first organisation's id, cut>-<i in base 36> */
	buf_clear(id);
	buf_addf(id, "%04d-%02d-%02d-", d.year, d.month, d.day);
	k = id->len;
	buf_add(id, p->org_ids[org[0]], strlen(p->org_ids[org[0]]) > 30 ? 30 : strlen(p->org_ids[org[0]]));
	while (id->len > k && id->ptr[id->len - 1] == '-')
		id->len--;
	buf_addch(id, '-');
	{
		char b36[16];
		size_t m = sizeof(b36);
		uint64_t v = i;

		b36[--m] = '\0';
		do {
			b36[--m] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
			v /= 36;
		} while (v);
		buf_adds(id, b36 + m);
	}

	buf_clear(out);
	put_date(out, 0, "date", *day);
	for (k = 0; k < norg; k++)
		names[k] = p->org_ids[org[k]];
	put_list(out, 0, "organisations", names, norg);
	put_field(out, 0, "kind", contact_kinds[rng_weighted(&r, contact_kind_weights, 3)]);
	if (rng_chance(&r, 90)) {
		size_t t[3];

		n = (size_t)rng_range(&r, 1, 3);
		rng_distinct(&r, t, n, ARRAY_SIZE(themes));
		for (k = 0; k < n; k++)
			names[k] = themes[t[k]];
		put_list(out, 0, "themes", names, n);
	}
	if (rng_chance(&r, 95))
		put_field(out, 0, "form", forms[rng_weighted(&r, form_weights, ARRAY_SIZE(forms))]);
	if (rng_chance(&r, 95)) {
		make_subject(&text, &r, 62, 150); /* bytes: 60 characters and more */
		put_field(out, 0, "subject", text.ptr);
	}
	if (rng_chance(&r, 85)) {
		size_t t[3];

		n = (size_t)rng_range(&r, 1, 3);
		rng_distinct(&r, t, n, ARRAY_SIZE(roles));
		for (k = 0; k < n; k++)
			names[k] = roles[t[k]];
		put_list(out, 0, "participants", names, n);
	}
	if (rng_chance(&r, 90))
		put_field(out, 0, "unit", PICK(&r, units));
	free(text.ptr);
}

static void render_exclusion(struct buf *out, struct buf *id, size_t i)
{
	struct rng r = rng_for(opts->seed, T_EXCLUSION, i);
	struct buf name = { 0 }, text = { 0 };
	size_t nf = ARRAY_SIZE(excl_first), ns = ARRAY_SIZE(excl_second), nt = ARRAY_SIZE(excl_third);
	size_t g[2], ng, k;
	const char *list[2];
	long since;
	int year;

	/* unique for i < nf * ns * nt; a numbered suffix after that */
	buf_adds(&name, excl_third[(i / (nf * ns)) % nt]);
	buf_addch(&name, ' ');
	buf_adds(&name, excl_first[i % nf]);
	buf_addch(&name, ' ');
	buf_adds(&name, excl_second[(i / nf) % ns]);
	if (i >= nf * ns * nt)
		buf_addf(&name, " %zu", i / (nf * ns * nt) + 1);

	buf_clear(id);
	slug_add(id, name.ptr);

	buf_clear(out);
	put_field(out, 0, "name", name.ptr);
	if (rng_chance(&r, 30)) {
		buf_clear(&text);
		buf_adds(&text, PICK(&r, excl_second));
		buf_adds(&text, " International");
		list[0] = text.ptr;
		put_list(out, 0, "aliases", list, 1);
	}
	if (rng_chance(&r, 40))
		buf_addf(out, "kvk: \"%08" PRIu32 "\"\n", 90000000u + (uint32_t)(i % 10000000u));
	ng = rng_chance(&r, 70) ? 1 : 2;
	rng_distinct(&r, g, ng, ARRAY_SIZE(grounds));
	for (k = 0; k < ng; k++)
		list[k] = grounds[g[k]];
	put_list(out, 0, "grounds", list, ng);
	since = rng_day_between(&r, FIRST_YEAR, LAST_YEAR);
	year = civil_from_days(since).year;
	make_source(&text, &r, year);
	put_field(out, 0, "source", text.ptr);
	put_date(out, 0, "since", since);
	if (rng_chance(&r, 15))
		put_date(out, 0, "until", since + rng_range(&r, 90, 1500));
	if (rng_chance(&r, 30)) {
		make_notes(&text, &r, 120, 280);
		put_field(out, 0, "notes", text.ptr);
	}
	free(name.ptr);
	free(text.ptr);
}

/* ------------------------------------------------------------------ */
/* Sinks                                                               */
/* ------------------------------------------------------------------ */

/*
 * Where rendered records go.  path is relative to the register's top,
 * e.g. "records/contacts/2024/x.yaml"; dir_path names a folder that
 * later puts need (put_dir is called once per folder, parents first).
 */
struct sink {
	void (*put_dir)(struct sink *sink, const char *path);
	void (*put)(struct sink *sink, const char *path, const char *data, size_t len);
	size_t files;
	uint64_t bytes;
};

struct dir_sink {
	struct sink base;
	int top; /* O_DIRECTORY fd of DIR */
};

static void dir_put_dir(struct sink *sink, const char *path)
{
	struct dir_sink *s = (struct dir_sink *)sink;

	if (mkdirat(s->top, path, 0777) < 0)
		die("cannot create '%s': %s%s", path, strerror(errno),
			errno == EEXIST ? " (genreg writes into a new register only)" : "");
}

/* One open, one write, one close: the file must not exist yet (an id clash is a bug). */
static void dir_put(struct sink *sink, const char *path, const char *data, size_t len)
{
	struct dir_sink *s = (struct dir_sink *)sink;
	int fd = openat(s->top, path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	size_t done = 0;

	if (fd < 0)
		die("cannot create '%s': %s", path, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot write '%s': %s", path, strerror(errno));
		done += (size_t)n;
	}
	if (close(fd) < 0)
		die("cannot write '%s': %s", path, strerror(errno));
	sink->files++;
	sink->bytes += len;
}

static void dir_sink_open(struct dir_sink *s, const char *dir)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		die("cannot create '%s': %s", dir, strerror(errno));
	s->top = open(dir, O_RDONLY | O_DIRECTORY);
	if (s->top < 0)
		die("cannot open '%s': %s", dir, strerror(errno));
	s->base.put_dir = dir_put_dir;
	s->base.put = dir_put;
	s->base.files = 0;
	s->base.bytes = 0;
}

/* ------------------------------------------------------------------ */
/* Generation                                                          */
/* ------------------------------------------------------------------ */

static void generate(struct sink *sink, struct plan *p)
{
	struct buf out = { 0 }, id = { 0 }, path = { 0 }, name = { 0 };
	size_t i;
	int year;

	sink->put_dir(sink, "records");
	sink->put_dir(sink, "records/organisations");
	sink->put_dir(sink, "records/contacts");
	for (year = FIRST_YEAR; year <= LAST_YEAR; year++) {
		buf_clear(&path);
		buf_addf(&path, "records/contacts/%04d", year);
		sink->put_dir(sink, path.ptr);
	}
	sink->put_dir(sink, "records/exclusions");

	p->org_ids = calloc(p->organisations ? p->organisations : 1, sizeof(*p->org_ids));
	if (!p->org_ids)
		die("out of memory");
	for (i = 0; i < p->organisations; i++) {
		org_name(&name, &id, p, i);
		p->org_ids[i] = strdup(id.ptr);
		if (!p->org_ids[i])
			die("out of memory");
		render_organisation(&out, p, i);
		buf_clear(&path);
		buf_addf(&path, "records/organisations/%s.yaml", id.ptr);
		sink->put(sink, path.ptr, out.ptr, out.len);
	}
	for (i = 0; i < p->contacts; i++) {
		long day;

		render_contact(&out, &id, &day, p, i);
		buf_clear(&path);
		buf_addf(&path, "records/contacts/%04d/%s.yaml", civil_from_days(day).year, id.ptr);
		sink->put(sink, path.ptr, out.ptr, out.len);
	}
	for (i = 0; i < p->exclusions; i++) {
		render_exclusion(&out, &id, i);
		buf_clear(&path);
		buf_addf(&path, "records/exclusions/%s.yaml", id.ptr);
		sink->put(sink, path.ptr, out.ptr, out.len);
	}
	free(out.ptr);
	free(id.ptr);
	free(path.ptr);
	free(name.ptr);
}

/* ------------------------------------------------------------------ */
/* History: a git fast-import stream                                   */
/* ------------------------------------------------------------------ */

/*
 * genreg --history writes, on stdout, a git fast-import stream of the
 * register's history on refs/heads/main:
 *
 *   1. the first commit adds schemas/ (the files of --schemas DIR), a
 *      tenth of the organisations and a tenth of the exclusions;
 *   2. then the contacts in date order, CONTACTS_PER_COMMIT to a commit,
 *      committed on (or after) the day of the last of them.  A commit
 *      also adds the organisations its contacts name that are not there
 *      yet, the organisations scheduled for it (so that they arrive
 *      evenly over the ten years), and the full version of organisations
 *      first added as a draft (without partnerships and notes);
 *   3. each other exclusion in its own commit, on its 'since' day, with a
 *      'Reference:' trailer naming its source.
 *
 * HEAD holds exactly the records that "genreg DIR N" writes for the same
 * seed and N, N = 520,100 x scale: every organisation, contact and
 * exclusion in its final version.  No commit deletes a record; every
 * commit is a valid register on its own (contacts only name organisations
 * that exist), and committer dates increase.
 */

#define T_HISTORY 4 /* a fourth rng stream: the history's own draws */
#define CONTACTS_PER_COMMIT 100
#define TZ_SECONDS 3600 /* +0100 */

struct author {
	const char *name, *email;
};

static const struct author authors[] = {
	{ "Registerbeheer SZW", "registerbeheer@szw.example" },
	{ "Team Actieagenda", "actieagenda@szw.example" },
	{ "Team Inburgering", "inburgering@szw.example" },
	{ "Team Kennis en Verkenning", "kennis@szw.example" },
	{ "Programma Weerbaarheid", "weerbaarheid@szw.example" },
};

struct fi {
	FILE *out;
	uint64_t stream_bytes;
	size_t commits, total_commits, next_progress;
	long long last_time; /* committer time of the previous commit */
	struct buf msg;
};

static void fi_write(struct fi *f, const char *data, size_t len)
{
	if (len && fwrite(data, 1, len, f->out) != len)
		die("cannot write the stream: %s", strerror(errno));
	f->stream_bytes += len;
}

static void fi_printf(struct fi *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fi_printf(struct fi *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f->out, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("cannot write the stream: %s", strerror(errno));
	f->stream_bytes += (uint64_t)n;
}

/*
 * Start a commit at no earlier than time (seconds since the epoch, UTC);
 * its message is f->msg.  Committer times strictly increase.
 */
static void fi_commit(struct fi *f, long long time, struct rng *r)
{
	const struct author *a = &PICK(r, authors);

	if (time <= f->last_time)
		time = f->last_time + 60 + rng_below(r, 600);
	f->last_time = time;
	f->commits++;
	fi_printf(f, "commit refs/heads/main\nmark :%zu\n", f->commits);
	fi_printf(f, "author %s <%s> %lld +0100\n", a->name, a->email, time);
	fi_printf(f, "committer %s <%s> %lld +0100\n", a->name, a->email, time);
	fi_printf(f, "data %zu\n", f->msg.len);
	fi_write(f, f->msg.ptr, f->msg.len);
	fi_write(f, "\n", 1);
}

static void fi_file(struct fi *f, const char *path, const char *data, size_t len)
{
	fi_printf(f, "M 100644 inline %s\ndata %zu\n", path, len);
	fi_write(f, data, len);
	fi_write(f, "\n", 1);
}

/* After a commit's files: a progress line (fast-import echoes it) every 2% of the commits. */
static void fi_end_commit(struct fi *f, long day)
{
	fi_write(f, "\n", 1);
	if (f->commits >= f->next_progress || f->commits == f->total_commits) {
		struct date d = civil_from_days(day);

		fi_printf(f, "progress genreg: commit %zu of about %zu (%04d-%02d)\n", f->commits, f->total_commits,
			d.year, d.month);
		f->next_progress = f->commits + (f->total_commits / 50 ? f->total_commits / 50 : 1);
	}
}

static long long at_hour(long day, int hour, int minute)
{
	return (long long)day * 86400 + hour * 3600 + minute * 60 - TZ_SECONDS;
}

/* The day of a rendered record's "key: date" line. */
static long field_day(const char *yaml, const char *key)
{
	char pat[32];
	const char *p;
	int y, m, d;

	snprintf(pat, sizeof(pat), "\n%s: ", key);
	p = strstr(yaml, pat);
	if (!p)
		die("generated record without %s", key);
	p += strlen(pat);
	if (*p == '"')
		p++;
	if (sscanf(p, "%d-%d-%d", &y, &m, &d) != 3)
		die("generated record with a bad %s", key);
	return days_from_civil(y, m, d);
}

/* The value of a rendered record's "key: value" line, unquoted, into b. */
static void field_text(struct buf *b, const char *yaml, const char *key)
{
	char pat[32];
	const char *p, *end;

	buf_clear(b);
	snprintf(pat, sizeof(pat), "\n%s: ", key);
	if (!strncmp(yaml, pat + 1, strlen(pat) - 1))
		p = yaml + strlen(pat) - 1;
	else if ((p = strstr(yaml, pat)))
		p += strlen(pat);
	else
		return;
	end = strchr(p, '\n');
	if (*p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\')
				p++;
			buf_addch(b, *p);
		}
	} else {
		buf_add(b, p, (size_t)(end - p));
	}
}

/*
 * The draft of an organisation: its record up to its partnerships and
 * notes, which a later commit adds.  Returns the draft's length, or 0 when
 * the record has neither.
 */
static size_t org_draft_len(const struct buf *full)
{
	const char *a = strstr(full->ptr, "\npartnerships:\n"), *b = strstr(full->ptr, "\nnotes: ");
	const char *cut = a && b ? (a < b ? a : b) : a ? a : b;

	return cut ? (size_t)(cut - full->ptr) + 1 : 0;
}

struct dated {
	long day;
	size_t index;
};

static int dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

struct history {
	struct plan *p;
	struct fi f;
	struct buf out, id, path, name, text;
	size_t *org_added_at; /* batch + 1 the organisation was added in (0: not yet; commit 1 is batch 0) */
	size_t *org_update_at; /* batch + 1 of the full version after a draft; 0: none */
	size_t *org_scheduled; /* batch + 1 the organisation comes in if no contact brought it earlier */
	size_t head_files;
	uint64_t head_bytes;
};

/* Write organisation i as it is added in batch b (0 the first commit): a draft or in full. */
static void add_organisation(struct history *h, size_t i, size_t b, size_t nbatches)
{
	struct rng r = rng_for(opts->seed, T_HISTORY, i);
	size_t len;

	render_organisation(&h->out, h->p, i);
	len = h->out.len;
	h->org_added_at[i] = b + 1;
	if (b + 2 < nbatches && rng_chance(&r, 25) && (len = org_draft_len(&h->out)) != 0)
		h->org_update_at[i] = b + 2 + rng_below(&r, (uint32_t)(nbatches - b - 2));
	else
		len = h->out.len;
	buf_clear(&h->path);
	buf_addf(&h->path, "records/organisations/%s.yaml", h->p->org_ids[i]);
	fi_file(&h->f, h->path.ptr, h->out.ptr, len);
	if (!h->org_update_at[i]) {
		h->head_files++;
		h->head_bytes += h->out.len;
	}
}

static void add_schemas(struct history *h, const char *dir)
{
	struct dirent **names;
	int n, k;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		die("cannot read '%s': %s", dir, strerror(errno));
	for (k = 0; k < n; k++) {
		char path[4096];
		struct stat st;
		FILE *in;

		snprintf(path, sizeof(path), "%s/%s", dir, names[k]->d_name);
		if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			buf_clear(&h->text);
			buf_grow(&h->text, (size_t)st.st_size);
			if (!(in = fopen(path, "rb")) || fread(h->text.ptr, 1, (size_t)st.st_size, in) != (size_t)st.st_size)
				die("cannot read '%s'", path);
			fclose(in);
			h->text.len = (size_t)st.st_size;
			buf_clear(&h->path);
			buf_addf(&h->path, "schemas/%s", names[k]->d_name);
			fi_file(&h->f, h->path.ptr, h->text.ptr, h->text.len);
		}
		free(names[k]);
	}
	free(names);
}

static void history(struct plan *p, const char *schemas, FILE *out)
{
	struct history h = { .p = p };
	struct dated *contacts, *excl;
	size_t nbatches, first_orgs, first_excl, b, i, k, next_excl, added, updated;
	struct rng r = rng_for(opts->seed, T_HISTORY, ~(uint64_t)0);
	long day;

	h.f.out = out;
	h.f.last_time = 0;
	nbatches = (p->contacts + CONTACTS_PER_COMMIT - 1) / CONTACTS_PER_COMMIT;
	if (!nbatches)
		nbatches = 1;
	first_orgs = p->organisations / 10 ? p->organisations / 10 : p->organisations;
	first_excl = p->exclusions / 10 ? p->exclusions / 10 : p->exclusions;
	h.f.total_commits = 1 + (p->contacts ? nbatches : 0) + (p->exclusions - first_excl);
	h.f.next_progress = 1;

	p->org_ids = calloc(p->organisations ? p->organisations : 1, sizeof(*p->org_ids));
	h.org_added_at = calloc(p->organisations + 1, sizeof(size_t));
	h.org_update_at = calloc(p->organisations + 1, sizeof(size_t));
	h.org_scheduled = calloc(p->organisations + 1, sizeof(size_t));
	contacts = calloc(p->contacts + 1, sizeof(*contacts));
	excl = calloc(p->exclusions + 1, sizeof(*excl));
	if (!p->org_ids || !h.org_added_at || !h.org_update_at || !h.org_scheduled || !contacts || !excl)
		die("out of memory");
	for (i = 0; i < p->organisations; i++) {
		org_name(&h.name, &h.id, p, i);
		if (!(p->org_ids[i] = strdup(h.id.ptr)))
			die("out of memory");
		/* the rest arrive evenly over the batches, from batch 1 */
		if (i >= first_orgs)
			h.org_scheduled[i] = 2 + (i - first_orgs) * (nbatches - 1) / (p->organisations - first_orgs);
	}
	for (i = 0; i < p->contacts; i++) {
		size_t org[3];
		struct rng cr;

		contact_head(&cr, &contacts[i].day, org, p, i);
		contacts[i].index = i;
	}
	qsort(contacts, p->contacts, sizeof(*contacts), dated_cmp);
	for (i = 0; i < p->exclusions; i++) {
		render_exclusion(&h.out, &h.id, i);
		excl[i].day = field_day(h.out.ptr, "since");
		excl[i].index = i;
	}
	qsort(excl, p->exclusions, sizeof(*excl), dated_cmp);

	/* 1. the first commit: schemas, the first organisations and exclusions */
	day = days_from_civil(FIRST_YEAR, 1, 4);
	buf_clear(&h.f.msg);
	buf_addf(&h.f.msg, "Register opgezet: schema's, %zu organisaties en %zu uitsluitingen\n", first_orgs,
		first_excl);
	if (first_excl) {
		render_exclusion(&h.out, &h.id, excl[0].index);
		field_text(&h.text, h.out.ptr, "source");
		buf_addf(&h.f.msg, "\nReference: %s\n", h.text.ptr);
	}
	fi_commit(&h.f, at_hour(day, 9, 0), &r);
	add_schemas(&h, schemas);
	for (i = 0; i < first_orgs; i++)
		add_organisation(&h, i, 0, nbatches);
	for (k = 0; k < first_excl; k++) {
		render_exclusion(&h.out, &h.id, excl[k].index);
		buf_clear(&h.path);
		buf_addf(&h.path, "records/exclusions/%s.yaml", h.id.ptr);
		fi_file(&h.f, h.path.ptr, h.out.ptr, h.out.len);
		h.head_files++;
		h.head_bytes += h.out.len;
	}
	fi_end_commit(&h.f, day);
	next_excl = first_excl;

	/* 2 and 3. the contacts in date order; exclusions on their day */
	for (b = 1; b <= nbatches && p->contacts; b++) {
		size_t lo = (b - 1) * CONTACTS_PER_COMMIT, hi = lo + CONTACTS_PER_COMMIT;
		long first_day, last_day;

		if (hi > p->contacts)
			hi = p->contacts;
		first_day = contacts[lo].day;
		last_day = contacts[hi - 1].day;
		for (; next_excl < p->exclusions && excl[next_excl].day <= first_day; next_excl++) {
			render_exclusion(&h.out, &h.id, excl[next_excl].index);
			field_text(&h.text, h.out.ptr, "name");
			buf_clear(&h.f.msg);
			buf_addf(&h.f.msg, "Uitsluiting vastgelegd: %s\n", h.text.ptr);
			field_text(&h.text, h.out.ptr, "source");
			buf_addf(&h.f.msg, "\nReference: %s\n", h.text.ptr);
			fi_commit(&h.f, at_hour(excl[next_excl].day, 11, 0), &r);
			buf_clear(&h.path);
			buf_addf(&h.path, "records/exclusions/%s.yaml", h.id.ptr);
			fi_file(&h.f, h.path.ptr, h.out.ptr, h.out.len);
			h.head_files++;
			h.head_bytes += h.out.len;
			fi_end_commit(&h.f, excl[next_excl].day);
		}

		/* which organisations come in, and which get their full version */
		added = updated = 0;
		for (i = lo; i < hi; i++) {
			size_t org[3], n, j;
			struct rng cr;
			long d;

			n = contact_head(&cr, &d, org, p, contacts[i].index);
			for (j = 0; j < n; j++)
				if (!h.org_added_at[org[j]]) {
					h.org_added_at[org[j]] = SIZE_MAX; /* marked: added below */
					added++;
				}
		}
		for (i = first_orgs; i < p->organisations; i++) {
			if (h.org_scheduled[i] == b + 1 && !h.org_added_at[i]) {
				h.org_added_at[i] = SIZE_MAX;
				added++;
			}
			if (h.org_update_at[i] == b + 1)
				updated++;
		}
		buf_clear(&h.f.msg);
		{
			struct date d0 = civil_from_days(first_day), d1 = civil_from_days(last_day);

			buf_addf(&h.f.msg, "Contacten van %04d-%02d-%02d", d0.year, d0.month, d0.day);
			if (last_day != first_day)
				buf_addf(&h.f.msg, " tot en met %04d-%02d-%02d", d1.year, d1.month, d1.day);
			buf_addf(&h.f.msg, " vastgelegd (%zu)\n", hi - lo);
		}
		if (added || updated) {
			buf_addch(&h.f.msg, '\n');
			if (added)
				buf_addf(&h.f.msg, "%zu organisatie%s toegevoegd.\n", added, added == 1 ? "" : "s");
			if (updated)
				buf_addf(&h.f.msg, "Partnerschappen en notities van %zu organisatie%s bijgewerkt.\n",
					updated, updated == 1 ? "" : "s");
		}
		fi_commit(&h.f, at_hour(last_day, 16, (int)rng_below(&r, 60)), &r);
		for (i = 0; i < p->organisations; i++) {
			if (h.org_added_at[i] == SIZE_MAX) {
				h.org_added_at[i] = 0;
				add_organisation(&h, i, b, nbatches);
			} else if (h.org_update_at[i] == b + 1) {
				render_organisation(&h.out, p, i);
				buf_clear(&h.path);
				buf_addf(&h.path, "records/organisations/%s.yaml", p->org_ids[i]);
				fi_file(&h.f, h.path.ptr, h.out.ptr, h.out.len);
				h.head_files++;
				h.head_bytes += h.out.len;
			}
		}
		for (i = lo; i < hi; i++) {
			render_contact(&h.out, &h.id, &day, p, contacts[i].index);
			buf_clear(&h.path);
			buf_addf(&h.path, "records/contacts/%04d/%s.yaml", civil_from_days(day).year, h.id.ptr);
			fi_file(&h.f, h.path.ptr, h.out.ptr, h.out.len);
			h.head_files++;
			h.head_bytes += h.out.len;
		}
		fi_end_commit(&h.f, last_day);
	}
	/* exclusions after the last contact, and organisations no commit brought yet */
	for (; next_excl < p->exclusions; next_excl++) {
		render_exclusion(&h.out, &h.id, excl[next_excl].index);
		field_text(&h.text, h.out.ptr, "name");
		buf_clear(&h.f.msg);
		buf_addf(&h.f.msg, "Uitsluiting vastgelegd: %s\n", h.text.ptr);
		field_text(&h.text, h.out.ptr, "source");
		buf_addf(&h.f.msg, "\nReference: %s\n", h.text.ptr);
		fi_commit(&h.f, at_hour(excl[next_excl].day, 11, 0), &r);
		buf_clear(&h.path);
		buf_addf(&h.path, "records/exclusions/%s.yaml", h.id.ptr);
		fi_file(&h.f, h.path.ptr, h.out.ptr, h.out.len);
		h.head_files++;
		h.head_bytes += h.out.len;
		fi_end_commit(&h.f, excl[next_excl].day);
	}
	for (i = 0, added = 0; i < p->organisations; i++)
		added += !h.org_added_at[i] || h.org_update_at[i] > nbatches;
	if (added) {
		buf_clear(&h.f.msg);
		buf_addf(&h.f.msg, "%zu organisaties toegevoegd of bijgewerkt\n", added);
		fi_commit(&h.f, h.f.last_time + 3600, &r);
		for (i = 0; i < p->organisations; i++)
			if (!h.org_added_at[i] || h.org_update_at[i] > nbatches) {
				h.org_update_at[i] = 0;
				add_organisation(&h, i, nbatches, nbatches);
			}
		fi_end_commit(&h.f, h.f.last_time / 86400);
	}
	if (fflush(out) || ferror(out))
		die("cannot write the stream: %s", strerror(errno));

	fprintf(stderr, "organisations=%zu contacts=%zu exclusions=%zu files=%zu bytes=%" PRIu64
		" commits=%zu stream_bytes=%" PRIu64 "\n", p->organisations, p->contacts, p->exclusions,
		h.head_files, h.head_bytes, h.f.commits, h.f.stream_bytes);
	for (i = 0; i < p->organisations; i++)
		free(p->org_ids[i]);
	free(p->org_ids);
	p->org_ids = NULL;
	free(h.org_added_at);
	free(h.org_update_at);
	free(h.org_scheduled);
	free(contacts);
	free(excl);
	free(h.out.ptr);
	free(h.id.ptr);
	free(h.path.ptr);
	free(h.name.ptr);
	free(h.text.ptr);
	free(h.f.msg.ptr);
}

static void usage(void)
{
	fputs("usage: genreg [--seed N] [--quoted-dates] DIR N\n"
		"       genreg --history --schemas DIR [--scale F] [--seed N] [--quoted-dates] > stream\n", stderr);
	exit(2);
}

static uint64_t parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		die("%s must be a non-negative integer, not '%s'", what, s);
	return (uint64_t)v;
}

int main(int argc, char **argv)
{
	struct options o = { 1, 0 };
	struct dir_sink sink;
	struct plan plan;
	struct timespec t0, t1;
	const char *dir, *schemas = NULL;
	uint64_t n;
	size_t i;
	int a, hist = 0;
	double scale = 1.0;

	for (a = 1; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
		if (!strcmp(argv[a], "--seed") && a + 1 < argc)
			o.seed = parse_count(argv[++a], "--seed");
		else if (!strncmp(argv[a], "--seed=", 7))
			o.seed = parse_count(argv[a] + 7, "--seed");
		else if (!strcmp(argv[a], "--quoted-dates"))
			o.quoted_dates = 1;
		else if (!strcmp(argv[a], "--history"))
			hist = 1;
		else if (!strcmp(argv[a], "--schemas") && a + 1 < argc)
			schemas = argv[++a];
		else if (!strcmp(argv[a], "--scale") && a + 1 < argc) {
			char *end;

			scale = strtod(argv[++a], &end);
			if (*end || !(scale > 0) || scale > 100)
				die("--scale takes a number above 0, as 0.05 or 1, not '%s'", argv[a]);
		}
		else if (!strcmp(argv[a], "--")) {
			a++;
			break;
		} else
			usage();
	}
	if (hist) {
		/* the brief's full size times scale: 20,000 + 500,000 + 100 records */
		double total = (PLAN_ORGANISATIONS + PLAN_CONTACTS + PLAN_EXCLUSIONS) * scale + 0.5;
		static char obuf[1 << 20];

		if (argc != a || !schemas)
			usage();
		opts = &o;
		n = (uint64_t)total;
		if (n < 3)
			n = 3;
		setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
		plan_init(&plan, (size_t)n);
		history(&plan, schemas, stdout);
		return 0;
	}
	if (argc - a != 2 || schemas)
		usage();
	dir = argv[a];
	n = parse_count(argv[a + 1], "N");
	if (n > 100000000)
		die("N of %" PRIu64 " is more than this generator is meant for", n);
	opts = &o;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	plan_init(&plan, (size_t)n);
	dir_sink_open(&sink, dir);
	generate(&sink.base, &plan);
	close(sink.top);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("organisations=%zu contacts=%zu exclusions=%zu files=%zu bytes=%" PRIu64 " seconds=%.3f\n",
		plan.organisations, plan.contacts, plan.exclusions, sink.base.files, sink.base.bytes,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (i = 0; i < plan.organisations; i++)
		free(plan.org_ids[i]);
	free(plan.org_ids);
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the summary: %s", strerror(errno));
	return 0;
}
