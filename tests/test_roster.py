"""Rosters: good ones read, bad ones named line by line with the fix."""

from __future__ import annotations

import pytest

from kam_lessons.errors import KamError
from kam_lessons.roster import read_roster
from kam_lessons.storage import is_safe_id

from .conftest import DATA


def test_the_sample_roster_has_latin_and_cyrillic_names():
    trainees = read_roster(DATA / "roster.csv", "en")
    assert len(trainees) >= 5
    assert any(any("А" <= ch <= "я" for ch in t.name) for t in trainees)
    assert any(t.name.isascii() for t in trainees)


@pytest.mark.parametrize(
    "text",
    [
        "trainee_id,name\nanna,Анна\n",
        "\ufefftrainee_id;name\nanna;Анна\n",
        " trainee_id , name \n anna , Анна \n\n",
    ],
    ids=["comma", "excel-semicolon-bom", "spaces-blank-line"],
)
def test_spreadsheet_variants_are_read(write_roster, text):
    [trainee] = read_roster(write_roster(text), "ru")
    assert (trainee.trainee_id, trainee.name, trainee.lang) == ("anna", "Анна", "ru")


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("id,name\nanna,A\n", "line 1", "no column trainee_id"),
        ("trainee_id,name\n,A\n", "line 2", "trainee_id is empty"),
        ("trainee_id,name\nanna,A\nAnna,B\n", "line 3", "already used on line 2"),
        ("trainee_id,name\n../x,A\n", "line 2", "cannot be a folder name"),
        ("trainee_id,name\n/abs,A\n", "line 2", "cannot be a folder name"),
        ("trainee_id,name\na/b,A\n", "line 2", "cannot be a folder name"),
        ("trainee_id,name\nanna,\n", "line 2", "name of trainee 'anna' is empty"),
        ("trainee_id,name,lang\nanna,A,fr\n", "line 2", "lang 'fr' is not a course language"),
        ("trainee_id,name\n", None, "no trainees"),
        ("", "line 1", "roster is empty"),
    ],
)
def test_bad_rosters_name_the_file_the_line_and_the_fix(write_roster, text, where, says):
    path = write_roster(text)
    with pytest.raises(KamError) as err:
        read_roster(path, "en")
    message = err.value.render("en")
    assert str(path) in message and says in message
    if where:
        assert f"{path}, {where}:" in message


def test_every_problem_of_a_roster_is_reported_at_once(write_roster):
    path = write_roster("trainee_id,name\n../x,A\n,B\nok,\n")
    with pytest.raises(KamError) as err:
        read_roster(path, "en")
    assert len(err.value.problems) == 3


@pytest.mark.parametrize("value", ["anna.smirnova", "li_wei-2", "A1"])
def test_safe_ids(value):
    assert is_safe_id(value)


@pytest.mark.parametrize(
    "value", ["", "../x", "/abs", "a/b", "a\\b", ".hidden", "a..b", "анна", "x" * 65, "a b", "a:b"]
)
def test_unsafe_ids(value):
    assert not is_safe_id(value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_roster_saved_as_utf16_says_so(tmp_path, encoding):
    path = tmp_path / "roster.csv"
    path.write_bytes("trainee_id,name\nanna,Анна\n".encode(encoding))
    with pytest.raises(KamError, match=r"UTF-16.*CSV UTF-8"):
        read_roster(path, "en")


@pytest.mark.parametrize(
    ("text", "email", "idnumber"),
    [
        ("trainee_id,name\nanna,Anna\n", "", ""),
        ("trainee_id,name,email\nanna,Anna,anna@example.com\n", "anna@example.com", ""),
        ("trainee_id;name;idnumber\nanna;Anna;E-17\n", "", "E-17"),
        ("trainee_id,name,email,idnumber\nanna,Anna, a@b.org ,7\n", "a@b.org", "7"),
    ],
)
def test_email_and_idnumber_are_optional_and_kept_in_the_cohort(
    tmp_path, write_roster, one_lesson, text, email, idnumber
):
    from kam_lessons.workbook import build_cohort, read_cohort

    [anna] = read_roster(write_roster(text), "en")
    assert (anna.email, anna.idnumber) == (email, idnumber)
    build_cohort(write_roster(text), tmp_path / "c", notebooks=one_lesson)
    [kept] = read_cohort(tmp_path / "c").trainees
    assert (kept.email, kept.idnumber) == (email, idnumber)
