"""The rule tests' guard (conftest.py) really keeps them off the program's file: reached by a name imported
before the test ran, the program's knowledge is refused."""
import pytest

from pilot_program.knowledge import knowledge as imported_by_name


def test_the_program_s_file_is_refused_even_through_a_name_imported_earlier():
    with pytest.raises(AssertionError, match="program's knowledge file"):
        imported_by_name()
