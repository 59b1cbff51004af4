"""Who a message is about, with the real spaCy ruler's entities: to add, already in the application,
excluded, only; counts said with a pronoun; one child in two words."""
import pytest

from tests.nlu_pipeline_fixture import ruler_entities
from understanding.people import read_people


def people(text, lang):
    return read_people(text, ruler_entities(text), lang)


@pytest.mark.parametrize("text, lang, spouse, children", [
    ("combien pour ajouter seulement ma fille? mon conjoint est déjà sur la demande", "fr", None, 1),
    ("We applied together, my wife and I. Now we have a newborn son, how much to add him?", "en", None, 1),
    ("my husband is already on the application, how much for our daughter", "en", None, 1),
    ("Mon conjoint et moi avons fait la demande ensemble; combien pour notre bébé?", "fr", None, 1),
    ("how much to add my kids? I've got four of them. My wife is already included in the file.", "en", None, 4),
    ("mes enfants, j'en ai quatre, ça coûte combien?", "fr", None, 4),
    ("not my wife, just my two boys", "en", None, 2),
    ("sans ma femme, juste les deux enfants", "fr", None, 2),
    ("how much to add my wife and our 3 kids?", "en", "spouse", 3),
    ("ma conjointe de fait et nos jumeaux", "fr", "de_facto_spouse", 2),
    ("I want to add my wife who is already in Canada", "en", "spouse", None),
    ("je veux ajouter mon fils dans ma demande", "fr", None, 1),
    ("baby boy", "en", None, 1),
    ("my son and my daughter", "en", None, 2),
    ("une fille et un garçon", "fr", None, 2),
])
def test_who_is_added(text, lang, spouse, children):
    found = people(text, lang)
    assert found.spouse == spouse
    assert found.children == children


@pytest.mark.parametrize("text, lang, already, excluded, only", [
    ("combien pour ajouter seulement ma fille? mon conjoint est déjà sur la demande", "fr", {"spouse"}, set(), True),
    ("We applied together, my wife and I.", "en", {"spouse"}, set(), False),
    ("not my wife, she stays home", "en", set(), {"spouse"}, False),
    ("on n'a pas d'enfants", "fr", set(), {"child"}, False),
    ("only my daughter", "en", set(), set(), True),
    ("ma fille seulement", "fr", set(), set(), True),
    ("how much for my wife?", "en", set(), set(), False),
])
def test_already_in_excluded_and_only(text, lang, already, excluded, only):
    found = people(text, lang)
    assert (set(found.already_in), set(found.excluded), found.only) == (already, excluded, only)


@pytest.mark.parametrize("text, lang, count", [
    ("how much for my kids", "en", None),  # how many is asked
    ("a couple of kids", "en", None),
    ("I have 2 questions about my kids", "en", None),  # two questions, not two children
    ("mes fils", "fr", None),
    ("mon fils", "fr", 1),
    ("my kids, we have three", "en", 3),
])
def test_a_count_is_only_what_is_said(text, lang, count):
    assert people(text, lang).children == count


@pytest.mark.parametrize("text, lang, age", [
    ("ma fille de 12 ans", "fr", 12),
    ("my 16-year-old", "en", 16),
    ("notre bébé", "fr", 0),
    ("j'ai 3 ans d'expérience", "fr", None),
    ("my CSQ is 3 years old", "en", None),
])
def test_a_member_s_age(text, lang, age):
    assert people(text, lang).age == age


def test_the_other_parent_and_relatives():
    assert people("ma fille de 12 ans, son père ne vient pas", "fr").other_parent_absent
    assert people("can I add my mother?", "en").relative and not people("can I add my mother?", "en").any
