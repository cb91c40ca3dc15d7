import pytest
from cryptography.fernet import Fernet

from naungan.core.crypto import blind_index, seal, unseal
from naungan.core.names import name_tokens, normalize_nik, normalize_phone_number, variant_key


def test_sealed_value_opens_and_shows_no_plaintext():
    token = seal("Siti Aminah")
    assert "Siti" not in token and unseal(token) == "Siti Aminah"


def test_keys_rotate_first_encrypts_all_decrypt(settings):
    old = seal("rahasia")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    assert unseal(old) == "rahasia"
    new = seal("baru")
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[1:]
    with pytest.raises(ValueError):
        unseal(new)


def test_blind_index_is_keyed_and_kind_separated(settings):
    a = blind_index("nik", "3575010101010001")
    assert a != blind_index("phone", "3575010101010001")
    settings.BLIND_INDEX_KEY = "other"
    assert a != blind_index("nik", "3575010101010001")


@pytest.mark.parametrize("old,new", [("Soekarno", "Sukarno"), ("Djoko", "Joko"), ("Tjahjo", "Cahyo"), ("Jusuf", "Yusuf"),
                                     ("Chairul", "Khairul"), ("Sjahrir", "Syahrir"), ("Njoman", "Nyoman")])
def test_old_and_new_spellings_share_a_variant_key(old, new):
    assert variant_key(old) == variant_key(new)


def test_honorifics_are_dropped_from_name_tokens():
    assert name_tokens("Hj. Siti Aminah binti Djoko") == ["siti", "aminah", "djoko"]
    assert name_tokens("Bapak H. Slamet") == ["slamet"]


def test_phone_and_nik_normalisation():
    assert normalize_phone_number("0812-3456-7890") == normalize_phone_number("+62 812 3456 7890") == normalize_phone_number("6281234567890")
    assert normalize_nik("3575.0101-0101.0001") == "3575010101010001"
    assert normalize_nik("123") is None
