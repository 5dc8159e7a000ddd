#!/bin/sh
# The privacy rule knows the spellings people use: each one, in a contact's
# subject, is refused with its own line and column (the data itself is not
# repeated); so are ids, keys and YAML comments.  Honest look-alikes (dates,
# order numbers, a KvK number in its field) pass.
. "$(dirname "$0")/lib.sh"

new_register reg || exit 2
cd reg || exit 2
mkdir -p records/organisations records/contacts/2024
cat > records/organisations/partner.yaml <<'YAML'
name: Stichting Partner
kind: overig
kvk: "12345674"
YAML
git add -A && git commit -q --no-verify -m "A partner" || exit 2

n=0
spelling() { # CASE TEXT: a contact whose subject holds TEXT is refused
	n=$((n + 1))
	f=records/contacts/2024/2024-03-0$((n % 9 + 1))-case-$n.yaml
	printf 'date: 2024-03-0%d\norganisations: [partner]\nkind: structureel\nsubject: "Overleg %s gemeld"\n' \
		$((n % 9 + 1)) "$2" > "$f"
	test_expect "$1" 1 openreg validate "$f"
	rm -f "$f"
}
spelling bsn-spaces '111 222 333'
spelling bsn-dots '1112.22.333'
spelling bsn-dashes '111-222-333'
spelling bsn-eight-digits '10000021'
spelling bsn-fullwidth '１１１２２２３３３'
spelling phone-parentheses '(06) 12345678'
spelling phone-slash '06/12345678'
spelling phone-spaced-dash '06 - 123 456 78'
spelling phone-en-dash '06–12345678'
spelling phone-nbsp '06 12345678'
spelling phone-fullwidth '０６１２３４５６７８'
spelling phone-tel-prefix 'tel-0612345678'
spelling phone-zero-width "$(printf '06\342\200\213-12345678')"
spelling email-brackets 'jan[at]voorbeeld.nl'
spelling email-words 'jan (at) voorbeeld (dot) nl'
spelling email-spaced 'jan @ voorbeeld.nl'
spelling email-fullwidth 'jan＠voorbeeld.nl'
spelling email-quoted '\"jan jansen\"@voorbeeld.nl'
spelling iban-lower 'nl91abna0417164300'
spelling iban-dashes 'NL91-ABNA-0417-1643-00'
spelling iban-dots 'nl91.abna.0417.1643.00'
spelling name-dhr 'met dhr. Ahmed El Amrani'
spelling name-mevrouw 'met mevrouw De Vries'
spelling name-de-heer 'met de heer A. van der Berg en de voorzitter'
spelling name-given 'met Ahmed El Amrani'
spelling name-given-particles 'met Anna de Vries'
spelling name-given-hyphenated 'met Jan-Willem Bakker'
spelling name-given-accents 'met Zoë Jansen'
spelling name-given-after-line-break 'met\nMohammed Bouali'
spelling name-given-fullwidth 'met Ａｈｍｅｄ El Amrani'
spelling name-title-nbsp 'met dhr. Jansen'
spelling phone-escaped 'tel 06\x2D12345678'
spelling email-escaped 'jan\u0040voorbeeld.nl'

# honest text with given names and capitals passes
honest() { # CASE TEXT
	f=records/contacts/2024/2024-04-01-honest.yaml
	printf 'date: 2024-04-01\norganisations: [partner]\nkind: structureel\nsubject: "%s"\n' "$2" > "$f"
	test_expect "$1" 0 openreg validate "$f"
	rm -f "$f"
}
honest honest-organisation 'Overleg met Stichting De Brug in Den Haag'
honest honest-given-name-alone 'Overleg over de Fatima-moskee en de Ali-school'
honest honest-lower-case 'overleg met jan en alleman'

# ids, keys and comments
printf 'name: Jan\nkind: overig\n' > records/organisations/jan-jansen-111222333.yaml
test_expect id-with-bsn 1 openreg validate records/organisations/jan-jansen-111222333.yaml
rm records/organisations/jan-jansen-111222333.yaml
printf 'name: X\nkind: overig\n# tel 06-12345678\n' > records/organisations/x-comment.yaml
test_expect comment-with-phone 1 openreg validate records/organisations/x-comment.yaml
printf 'date: 2024-03-01\norganisations: [partner]\nkind: structureel\nsubject: Overleg\nnotes:\n  "jan@voorbeeld.nl": x\n' \
	> records/contacts/2024/2024-03-01-key.yaml
test_expect key-with-email 1 openreg validate records/contacts/2024/2024-03-01-key.yaml
rm records/contacts/2024/2024-03-01-key.yaml records/organisations/x-comment.yaml

# honest look-alikes pass
printf 'date: 2024-03-05\norganisations: [partner]\nkind: structureel\nsubject: "Overleg op 05-03-2024 10:00, Kamerstuk 32 824, nr. 445, SZW-2023-0412, zaak 2024.001.234"\n' \
	> records/contacts/2024/2024-03-05-honest.yaml
test_expect honest-numbers 0 openreg validate
test_done
