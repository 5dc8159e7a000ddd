/*
 * genftm.c - a FollowTheMoney list of N entities, one JSON object a line,
 * in the shape of OpenSanctions' bulk files: organisations, companies and
 * people, names from word lists, a tenth with an alias in another script.
 *
 *   genftm N [SEED] > list.json
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state;

static unsigned pick(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((state >> 33) % n);
}

int main(int argc, char **argv)
{
	static const char *const words[] = {
		"Al", "Amal", "Noor", "Hope", "Unity", "Trade", "Global", "Holding", "Capital", "Invest", "Relief",
		"Aid", "Bridge", "Future", "Peace", "Green", "North", "South", "East", "West", "Union", "Network",
		"Solidarity", "Culture", "Centre", "Foundation", "Group", "Services", "Logistics", "Energy",
		"Shipping", "Marine", "Bank", "Partners", "Alliance", "Council", "Society", "Youth", "Women",
		"Education", "Health", "Media", "Press", "Tech", "Systems", "Resources", "Mining", "Oil", "Gas",
	};
	static const char *const forms[] = { "", " Ltd", " LLC", " B.V.", " GmbH", " Foundation", " Inc" };
	static const char *const other[] = {
		"\\u0410\\u043b\\u044c\\u044f\\u043d\\u0441", "\\u0627\\u0644\\u0623\\u0645\\u0644",
		"\\u0395\\u03bb\\u03c0\\u03af\\u03b4\\u03b1", "\\u5e0c\\u671b", "\\uff28\\uff4f\\uff50\\uff45",
	};
	static const char *const schemas[] = { "Organization", "Company", "LegalEntity", "PublicBody", "Person" };
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	unsigned long i;

	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	for (i = 0; i < n; i++) {
		unsigned w = 1 + pick(4), k;

		printf("{\"id\": \"NK-%08lx\", \"schema\": \"%s\", \"properties\": {\"name\": [\"", i,
			schemas[pick(5)]);
		for (k = 0; k < w; k++)
			printf("%s%s", k ? " " : "", words[pick(sizeof(words) / sizeof(*words))]);
		printf("%s\"]", forms[pick(7)]);
		if (pick(10) == 0)
			printf(", \"alias\": [\"%s\"]", other[pick(5)]);
		if (pick(3) == 0)
			printf(", \"registrationNumber\": [\"%08u\"]", pick(100000000));
		printf(", \"country\": [\"nl\"]}, \"datasets\": [\"bench\"], \"first_seen\": \"2024-01-01T00:00:00\"}\n");
	}
	return 0;
}
