import json

import pytest

from bot.kernel.blockkit.metadata import PRIVATE_METADATA_LIMIT, ModalMetadata


@pytest.mark.parametrize(
    "metadata",
    [
        ModalMetadata(),
        ModalMetadata(campaign_id=12),
        ModalMetadata(channel_id="C_CAMPAIGN"),
        ModalMetadata(campaign_id=1, channel_id="C1"),
        ModalMetadata(campaign_id=2**40, channel_id="D123"),
    ],
)
def test_round_trip(metadata: ModalMetadata) -> None:
    assert ModalMetadata.load(metadata.dump()) == metadata


def test_dump_is_compact_json_without_empty_fields() -> None:
    assert ModalMetadata().dump() == "{}"
    assert ModalMetadata(campaign_id=7).dump() == '{"campaign_id":7}'
    assert json.loads(ModalMetadata(campaign_id=7, channel_id="C1").dump()) == {"campaign_id": 7, "channel_id": "C1"}


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "not json", "{", "{'campaign_id': 1}", "[]", "[1, 2]", "42", "null", "true", '"text"', "{}"],
)
def test_garbage_gives_empty_metadata(text: str | None) -> None:
    assert ModalMetadata.load(text) == ModalMetadata()


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"campaign_id": "12", "channel_id": "C1"}, ModalMetadata(channel_id="C1")),
        ({"campaign_id": 12.0}, ModalMetadata()),
        ({"campaign_id": True}, ModalMetadata()),  # a bool is not an id, although Python counts it as an int
        ({"campaign_id": None, "channel_id": None}, ModalMetadata()),
        ({"campaign_id": 5, "channel_id": 5}, ModalMetadata(campaign_id=5)),
        ({"campaign_id": [5], "channel_id": {"id": "C1"}}, ModalMetadata()),
        ({"campaign_id": 5, "extra": "ignored"}, ModalMetadata(campaign_id=5)),
    ],
)
def test_wrong_types_are_ignored(payload: dict[str, object], expected: ModalMetadata) -> None:
    assert ModalMetadata.load(json.dumps(payload)) == expected


def test_over_slacks_limit_raises() -> None:
    overhead = len(ModalMetadata(channel_id="").dump())
    fits = ModalMetadata(channel_id="C" * (PRIVATE_METADATA_LIMIT - overhead))
    assert len(fits.dump()) == PRIVATE_METADATA_LIMIT == 3000
    with pytest.raises(ValueError, match="3,000"):
        ModalMetadata(channel_id="C" * (PRIVATE_METADATA_LIMIT - overhead + 1)).dump()


@pytest.mark.parametrize("text", ['{"campaign_id": 0}', '{"campaign_id": -4}', '{"campaign_id": 1e400}',
                                  '{"campaign_id": 9223372036854775808}', '{"campaign_id": "12"}',
                                  '{"campaign_id": true}', '{"import_id": 100000000000000000000000000}'])
def test_ids_the_bot_never_wrote_load_as_none(text: str) -> None:
    loaded = ModalMetadata.load(text)
    assert loaded.campaign_id is None and loaded.import_id is None
