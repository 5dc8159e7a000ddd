/*
 * contacts.c - openreg contacts: the one-off confidential list of every
 * organisation the ministry had contact with in a period (Kamerstuk
 * 32 824, nr. 445: "since 1 January 2023").  It shares its options and
 * output with openreg overview (overview.c).
 */
#include "cmd.h"

int cmd_contacts(int argc, char **argv)
{
	return document_run(OREG_DOCUMENT_CONTACTS, "contacts", argc, argv);
}
