"""The on-disk cache of lowered statutes: exact round trips, used only when safe and current."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import trustlaw
from trustlaw.library import loader
from trustlaw.lowering import cache
from trustlaw.lowering.files import default_vocabulary

CT_2013 = Path(__file__).resolve().parent.parent / "statutes" / "ct" / "pa-13-155.law"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TRUSTLAW_CACHE_DIR", str(directory))
    loader.clear_cache()
    yield directory
    loader.clear_cache()


def test_every_bundled_program_and_the_vocabulary_round_trip_exactly() -> None:
    values = [default_vocabulary(), *(trustlaw.load(i).program for i in trustlaw.available())]
    for value in values:
        data = json.loads(json.dumps(cache.encode(value)))
        back = cache.decode(data)
        assert back == value
        assert cache.encode(back) == data  # spans, paths and example cases too


def test_a_cached_statute_decides_as_a_compiled_one(cache_dir: Path, tmp_path: Path) -> None:
    law = tmp_path / "ct.law"
    shutil.copy(CT_2013, law)
    first = loader.load_path(law)
    entries = sorted(p.name for p in cache_dir.iterdir())
    assert any(name.startswith("program-") for name in entries)
    loader.clear_cache()
    second = loader.load_path(law)
    assert second.program is not first.program and second.program == first.program
    case = {"agency": "state_corrections", "person": {"gang_database": True}}
    assert second.decide(case).to_dict() == first.decide(case).to_dict()


def test_an_edited_file_is_compiled_again(cache_dir: Path, tmp_path: Path) -> None:
    law = tmp_path / "ct.law"
    shutil.copy(CT_2013, law)
    loader.load_path(law)
    loader.clear_cache()
    law.write_text(law.read_text().replace("An Act Concerning", "An Act About"))
    assert loader.load_path(law).meta.title.startswith("An Act About")
    assert len([p for p in cache_dir.iterdir() if p.name.startswith("program-")]) == 1
    loader.clear_cache()
    assert loader.load_path(law).meta.title.startswith("An Act About")  # from the cache


def test_a_file_saved_while_it_compiles_is_never_cached_as_the_old_program(
        cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry was hashed when written: an editor's save between the compile and the
    write paired the old program with the new file, for every later process."""
    from trustlaw import checker

    law = tmp_path / "ct.law"
    shutil.copy(CT_2013, law)
    compile_file = checker.compile_file

    def compile_then_save(path: Any) -> Any:
        program = compile_file(path)
        law.write_text(law.read_text().replace("An Act Concerning", "An Act About"))
        return program

    monkeypatch.setattr(checker, "compile_file", compile_then_save)
    assert loader.load_path(law).meta.title.startswith("An Act Concerning")
    monkeypatch.setattr(checker, "compile_file", compile_file)
    loader.clear_cache()
    assert loader.load_path(law).meta.title.startswith("An Act About")


def test_an_entry_naming_anything_else_is_refused(cache_dir: Path, tmp_path: Path) -> None:
    law = tmp_path / "ct.law"
    shutil.copy(CT_2013, law)
    expected = loader.load_path(law).program
    (entry,) = [p for p in cache_dir.iterdir() if p.name.startswith("program-")]
    stored = json.loads(entry.read_text())
    stored["value"] = {"c": "os.system", "f": {"command": "echo owned"}}
    _refused_and_compiled_again(entry, stored, law, expected)


def test_an_entry_stored_before_a_field_was_added_is_not_loaded(cache_dir: Path,
                                                                 tmp_path: Path) -> None:
    """A program cached before lowering recorded the definitions each rule reads gives its
    rules without `reads`: it is compiled again, never loaded with the field defaulted."""
    law = tmp_path / "ct.law"
    shutil.copy(CT_2013, law)
    expected = loader.load_path(law).program
    assert any(r.reads for r in expected.rules)
    (entry,) = [p for p in cache_dir.iterdir() if p.name.startswith("program-")]
    stored = json.loads(entry.read_text())

    def strip(value: object) -> None:
        if isinstance(value, dict):
            if value.get("c") in ("ir.Rule", "ir.Duty", "ir.Limit"):
                del value["f"]["reads"], value["f"]["as_written"]
            for item in value.values():
                strip(item)
        elif isinstance(value, list):
            for item in value:
                strip(item)

    strip(stored["value"])
    _refused_and_compiled_again(entry, stored, law, expected)
    stored["format"] = 1  # and an entry of the format before is not read at all
    entry.write_text(json.dumps(stored))
    assert cache.read("program", law.resolve()) is None


def _refused_and_compiled_again(entry: Path, stored: dict[str, Any], law: Path,
                                expected: object) -> None:
    """Write the tampered entry: decoding it is refused, the cache gives nothing, and
    the statute is compiled from its file again, equal to what it was."""
    entry.write_text(json.dumps(stored))
    with pytest.raises(cache._Refused):
        cache.decode(stored["value"])
    assert cache.read("program", law.resolve()) is None
    loader.clear_cache()
    assert loader.load_path(law).program == expected


def test_a_directory_others_may_write_is_not_used(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    os.chmod(cache_dir, 0o777)
    assert cache.cache_dir() is None
    os.chmod(cache_dir, 0o700)
    assert cache.cache_dir() == cache_dir


def test_the_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTLAW_NO_CACHE", "1")
    assert cache.cache_dir() is None
    trustlaw.load("ct/pa-13-155")
    assert not cache_dir.exists()


def test_the_table_of_class_names_is_never_emptied_while_in_use(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every encode and decode cleared and refilled the shared table: an encoding in
    another thread then found no name for a class, and its entry was silently dropped."""

    class NeverCleared(dict[type, str]):
        def clear(self) -> None:
            raise AssertionError("the table another thread reads was emptied")

    monkeypatch.setattr(cache, "_NAMES", NeverCleared(cache._NAMES))
    program = trustlaw.load("ct/pa-13-155").program
    for _ in range(2):
        assert cache.decode(json.loads(json.dumps(cache.encode(program)))) == program
