"""拟配套对象 names link to chain leaders as sheets write them: full names, short names, no wrong links."""

from app.services.items.lookups import LeaderNames


def _names() -> LeaderNames:
    names = LeaderNames()
    names.add(1, "重庆渝辰汽车有限公司")
    names.add(2, "重庆渝辰电子科技有限公司")
    names.add(3, "成都蓉兴动力电池股份有限公司")
    return names


def test_full_and_short_names_link_to_their_leader() -> None:
    names = _names()
    assert names.resolve("重庆渝辰汽车有限公司") == 1
    assert names.resolve("渝辰汽车") == 1
    assert names.resolve("渝辰汽车公司") == 1
    assert names.resolve("蓉兴动力电池") == 3
    assert names.resolve("渝辰电子科技") == 2


def test_ambiguous_or_generic_fragments_link_to_nobody() -> None:
    names = _names()
    assert names.resolve("渝辰") is None  # both 渝辰汽车 and 渝辰电子 contain it
    assert names.resolve("汽车") is None
    assert names.resolve("某某重工集团") is None


def test_short_names_that_skip_characters_link() -> None:
    names = LeaderNames()
    names.add(1, "重庆鼎岳新能源汽车有限公司")
    names.add(2, "重庆锂峰动力电池有限公司")
    names.add(3, "重庆锐铣数控机床股份有限公司")
    assert names.resolve("鼎岳汽车") == 1
    assert names.resolve("锂峰电池") == 2
    assert names.resolve("锐铣机床") == 3
    assert names.resolve("锂峰汽车") is None  # 锂峰's name has no 汽车
    assert names.resolve("其他主机厂") is None
