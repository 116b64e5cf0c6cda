"""The catalogues speak the language of the law (docs/glossary.md, issue 19).

Reads the .po files as they are committed: no entry uses a form the glossary forbids, every counted string is a
plural entry, the catalogues are complete; then renders pages in Russian and Kazakh to show a region set apart in
parentheses, the regional chamber named on the receipt, and a plural; and the admin's JavaScript catalogue in
Kazakh."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from intake.services import application_submit
from tests.factories import ApplicationFactory, AssignedApplicationFactory, BailiffFactory, UserFactory, region

LOCALE = Path(settings.BASE_DIR) / "locale"
KK_ADMIN_JS = Path(settings.BASE_DIR) / "chamber_portal" / "locale_django" / "kk" / "LC_MESSAGES" / "djangojs.po"


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.msgid + (" " + self.msgid_plural if self.msgid_plural else "")


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (without the header and obsolete entries): enough for these checks."""
    entries = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        flags: list[str] = []
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line):
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            strs = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
            entries.append(Entry(fields["msgid"], fields.get("msgid_plural"), strs, flags))
    return entries


def catalogue(language: str) -> list[Entry]:
    return parse_po((LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Forbidden:
    """A form no translation may use. `where`: only entries whose English source matches; `unless`: the
    translation is fine when it also matches this (e.g. «вступило в законную силу»)."""

    language: str
    form: str
    why: str
    where: str | None = None
    unless: str | None = None

    def offends(self, entry: Entry) -> bool:
        if self.where and not re.search(self.where, entry.source, re.IGNORECASE):
            return False
        for text in entry.msgstrs:
            for match in re.finditer(self.form, text, re.IGNORECASE):
                if not (self.unless and re.search(self.unless, text[max(0, match.start() - 40):match.end() + 40],
                                                  re.IGNORECASE)):
                    return True
        return False


DECISION_IN_FORCE = r"in force|into force"
FORBIDDEN = [
    Forbidden("kk", r"белсенді", "an active bailiff is «қызметтегі»; «белсенді» means an activist"),
    Forbidden("kk", r"айналдыр", "levy of execution is «өндіріп алуды қолдану»"),
    Forbidden("kk", r"еңбек демалыс", "a self-employed bailiff's leave is «демалыс», not an employee's"),
    Forbidden("kk", r"көшір", "eviction is «шығару»; «көшіру» is to relocate or to copy", where=r"evict"),
    Forbidden("kk", r"орындаушы(?:сы|лары)на (?:берілген |берген )?шағым",
              "a complaint about a bailiff is «сот орындаушысының әрекетіне шағым», not one *to* the bailiff"),
    Forbidden("kk", r"сізге берілген шағым", "«Сіздің әрекетіңізге түскен шағымдар», not complaints handed to you"),
    Forbidden("kk", r"қызметіңізді тексеру", "«қызметіңізге қатысты тексерулер»"),
    Forbidden("kk", r"күні қосу", "no arithmetic «қосу» in a legal date"),
    Forbidden("kk", r"әкел", "the original is presented: «ұсыныңыз»"),
    Forbidden("kk", r"\bқолдар\b", "signatures are «қолтаңбалар»"),
    Forbidden("kk", r"шетелге шығуға тыйым", "the Law's measure is a temporary restriction on leaving the Republic"),
    Forbidden("kk", r"күшіне ен", "a decision enters into legal force: «заңды күшіне енді»",
              where=DECISION_IN_FORCE, unless=r"заңды күшіне ен"),
    Forbidden("kk", r"жеке сот орындаушыларының палата", "the statutory names: республикалық / өңірлік палата"),
    Forbidden("ru", r"госпошлин", "the Tax Code's term is «государственная пошлина»"),
    Forbidden("ru", r"вступ\w*\s+в\s+силу", "a decision enters into legal force: «вступило в законную силу»",
              where=DECISION_IN_FORCE, unless=r"в\s+законную\s+силу"),
    Forbidden("ru", r"запрет на выезд", "the Law's measure: «временное ограничение на выезд из Республики Казахстан»"),
    Forbidden("ru", r"изъят", "a case taken back from a bailiff is «отозвано»; «изъято» is seized",
              where=r"taken|released"),
    Forbidden("ru", r"(?<!республиканская )(?<!региональная )(?<!региональную )(?<!республиканской )"
                    r"(?<!региональной )палат\w* частных судебных исполнителей",
              "the statutory names: Республиканская / региональная палата частных судебных исполнителей"),
    Forbidden("ru", r"%\(\w+\)[sd] (?:дн|г|л)\.", "a count is a plural entry, not an abbreviation"),
    Forbidden("en", r"travel ban", "the Law's measure is a temporary restriction on leaving the Republic"),
]


def offenders(rule: Forbidden, entries: list[Entry]) -> list[str]:
    return [entry.msgid for entry in entries if rule.offends(entry)]


@pytest.mark.parametrize("rule", FORBIDDEN, ids=[f"{rule.language}-{i}" for i, rule in enumerate(FORBIDDEN)])
def test_no_catalogue_entry_uses_a_form_the_glossary_forbids(rule):
    entries = catalogue(rule.language)
    if rule.language == "en":  # the English catalogue translates only what the source must not show
        entries = [entry for entry in entries if any(entry.msgstrs)] + [
            Entry(entry.msgid, entry.msgid_plural, [entry.msgid], entry.flags)
            for entry in entries if not any(entry.msgstrs)]
    assert offenders(rule, entries) == [], rule.why


def test_the_check_catches_each_kind_of_wrong_entry():
    """A control: the rules fire on the entries the catalogues used to have, and not on their corrections."""
    wrong = {
        "kk": [Entry("Active", msgstrs=["Белсенді"]),
               Entry("Complain about the bailiff", msgstrs=["Сот орындаушысына шағым беру"]),
               Entry("Eviction", msgstrs=["Көшіру (шығару)"]),
               Entry("Signatures", msgstrs=["Қолдар"]),
               Entry("The decision is in force", msgstrs=["Шешім күшіне енді"])],
        "ru": [Entry("in force", msgstrs=["вступило в силу"]),
               Entry("Travel ban", msgstrs=["Запрет на выезд"]),
               Entry("state fee", msgstrs=["госпошлина"]),
               Entry("Choose a period of at most %(days)s days.", msgstrs=["не более %(days)s дн."]),
               Entry("The case was taken from the bailiff", msgstrs=["Дело изъято у судебного исполнителя"]),
               Entry("Chamber of Private Bailiffs", msgstrs=["Палата частных судебных исполнителей"])],
    }
    right = {
        "kk": [Entry("Active", msgstrs=["Қызметтегі"]),
               Entry("Complain about the bailiff", msgstrs=["Сот орындаушысының әрекетіне шағым беру"]),
               Entry("Appeal filed on", msgstrs=["Шешімге шағым берілген күн"]),
               Entry("The decision is in force", msgstrs=["Шешім заңды күшіне енді"])],
        "ru": [Entry("in force", msgstrs=["вступило в законную силу"]),
               Entry("takes effect on", msgstrs=["дата вступления в силу"]),
               Entry("x", msgstrs=["в региональную палату частных судебных исполнителей (Алматы)"]),
               Entry("x", msgstrs=["Республиканская палата частных судебных исполнителей"])],
    }
    for language, entries in wrong.items():
        caught = {entry.msgid for rule in FORBIDDEN if rule.language == language for entry in entries
                  if rule.offends(entry)}
        assert caught == {entry.msgid for entry in entries}
    for language, entries in right.items():
        assert [entry.msgid for rule in FORBIDDEN if rule.language == language
                for entry in entries if rule.offends(entry)] == []


# The placeholders that carry a number of things. A message with one of these is a plural entry, unless every
# count in it stands in a label slot ("жалоб — 3", "попыток: 2") or it counts nothing ("3 из 5", "Страница 1 из 5").
COUNTS = re.compile(r"%\((count|n|days|years|total|cases|cases_received|drawn|added|attempts|rows|left|counter|"
                    r"complaints|breaches|overdue|late|\w+_count)\)[sd]")
COUNTS_NOTHING = {"%(n)s of %(total)s", "Page %(number)s of %(count)s"}
LABEL_SLOT = r"(?::|—|-)\s*$"


def _label_only(entry: Entry) -> bool:
    for text in entry.msgstrs:
        for match in COUNTS.finditer(text):
            before = text[:match.start()]
            if not re.search(LABEL_SLOT, before):
                return False
    return True


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_counted_string_is_a_plural_entry(language):
    single = [entry.msgid for entry in catalogue(language)
              if COUNTS.search(entry.source) and entry.msgid_plural is None
              and entry.msgid not in COUNTS_NOTHING and not _label_only(entry)]
    assert single == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_plural_entry_has_its_forms_and_keeps_its_placeholders(language):
    forms = {"ru": 4, "kk": 2}[language]
    wrong = []
    for entry in catalogue(language):
        if entry.msgid_plural is None:
            continue
        wanted = set(re.findall(r"%\(\w+\)[sd]", entry.msgid_plural))
        if len(entry.msgstrs) != forms or any(set(re.findall(r"%\(\w+\)[sd]", text)) != wanted
                                              for text in entry.msgstrs[1:]):
            wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_catalogue_is_complete(language):
    entries = catalogue(language)
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not all(e.msgstrs)] == []


def test_the_english_source_names_the_chamber_by_statute():
    msgids = [entry.msgid for entry in catalogue("en")]
    assert [m for m in msgids if re.search(r"(?<!Republican )Chamber of Private Bailiffs", m)] == []
    assert "Republican Chamber of Private Bailiffs" in msgids


# --- Pages in Russian and Kazakh -------------------------------------------------------------------------------

pages = pytest.mark.django_db


@pages
@pytest.mark.parametrize(("language", "says"), [
    ("ru", "в региональную палату частных судебных исполнителей (Алматы)"),
    ("kk", "жеке сот орындаушыларының өңірлік палатасына (Алматы) ұсыныңыз"),
])
def test_the_receipt_sends_the_original_to_the_regional_chamber_with_the_region_set_apart(client, language, says):
    application = ApplicationFactory(region=region("KZ-75"))
    application_submit(application=application, by=application.lawyer)
    client.force_login(application.lawyer)
    page = client.get(reverse("intake:application_receipt", args=[application.pk]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert says in page
    header = {"ru": "Республиканская палата частных судебных исполнителей",
              "kk": "Жеке сот орындаушыларының республикалық палатасы"}[language]
    assert header in page


@pages
@pytest.mark.parametrize(("language", "turn", "among_one", "among_three"), [
    ("ru", "Очередь № 1 (Алматы)", "Среди 1 судебного исполнителя региона",
     "Среди 3 судебных исполнителей региона"),
    ("kk", "№ 1 кезек (Алматы)", "бөлуге қатыса алатын 1 сот орындаушысының",
     "бөлуге қатыса алатын 3 сот орындаушысының"),
])
def test_the_distribution_panel_sets_the_region_apart_and_counts_in_the_plural(client, language, turn,
                                                                                among_one, among_three):
    staff = UserFactory(role="staff")
    client.force_login(staff)
    almaty = region("KZ-75")
    BailiffFactory(region=almaty)
    alone = _distributed(almaty)
    page = client.get(reverse("intake:application_detail", args=[alone.application_id]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert turn in page and among_one in page
    BailiffFactory(region=almaty)
    BailiffFactory(region=almaty)
    many = _distributed(almaty)
    page = client.get(reverse("intake:application_detail", args=[many.application_id]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert among_three in page


def _distributed(almaty):
    return AssignedApplicationFactory(region=almaty).decision


@pages
@pytest.mark.parametrize(("language", "says"), [
    ("ru", "Выберите период продолжительностью не более 92 дней."),
    ("kk", "Ұзақтығы 92 күннен аспайтын кезеңді таңдаңыз."),
])
def test_the_dashboard_says_the_longest_period_in_the_plural(client, language, says):
    client.force_login(UserFactory(role="staff"))
    page = client.get(reverse("oversight:dashboard"), {"since": "2020-01-01", "until": "2020-12-31"},
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert says in page


# --- The admin's JavaScript in Kazakh --------------------------------------------------------------------------

def test_the_admin_javascript_catalogue_translates_every_entry():
    entries = parse_po(KK_ADMIN_JS.read_text(encoding="utf-8"))
    assert len(entries) == 76
    assert [e.msgid for e in entries if not all(e.msgstrs) or "fuzzy" in e.flags] == []


@pages
def test_the_admin_jsi18n_serves_the_calendar_and_filters_in_kazakh(client):
    client.force_login(UserFactory(role="admin", is_staff=True, is_superuser=True))
    script = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    catalog = json.loads(script.split("const newcatalog = ", 1)[1].split(";\n", 1)[0])
    assert {key: catalog.get(key) for key in ("January", "Monday", "Today", "Midnight", "Choose a time",
                                              "Choose all %s")} == {
        "January": "Қаңтар", "Monday": "Дүйсенбі", "Today": "Бүгін", "Midnight": "Түн ортасы",
        "Choose a time": "Уақытты таңдаңыз", "Choose all %s": "Барлығын таңдау (%s)"}
    assert catalog["%s selected option not visible"] == ["Таңдалған %s нұсқа көрінбейді"] * 2
