"""Specifications written as a labelled number, as Chinese spec sheets do: ``公称直径16 导程5``, ``壁厚3.0mm``.

A bare number in a description says little (a quantity, a year, a batch size), so only numbers with a unit count as
specifications there; a number right after an attribute's name is as telling as one with a unit. Each label is
folded to one canonical name (``公称直径`` and ``直径`` → ``直径``; ``板厚``, ``厚度`` and ``厚`` → ``厚度``) and the value is
written ``<number><canonical name>`` (``16直径``), so comparisons group it with the same attribute of the other side
exactly as they group ``12.7mm`` with other millimetres.
"""

from __future__ import annotations

import re

# label as typed → canonical attribute name; longest labels are tried first.
ATTRIBUTE_LABELS: dict[str, str] = {
    "公称直径": "直径", "直径": "直径", "外径": "外径", "内径": "内径", "孔径": "孔径", "通孔": "孔径", "缸径": "缸径",
    "导程": "导程", "节距": "节距", "螺距": "螺距", "模数": "模数", "齿数": "齿数",
    "壁厚": "壁厚", "板厚": "厚度", "厚度": "厚度", "厚": "厚度", "宽度": "宽度", "宽": "宽度", "长度": "长度",
    "排量": "排量", "功率": "功率", "额定功率": "功率", "电压": "电压", "额定电压": "电压", "电流": "电流",
    "额定电流": "电流", "转速": "转速", "扭矩": "扭矩", "转矩": "扭矩", "像素": "像素", "分辨率": "分辨率",
    "容量": "容量", "量程": "量程", "流量": "流量", "扬程": "扬程", "压力": "压力", "精度": "精度", "热值": "热值",
    "间隙": "间隙", "行程": "行程", "载荷": "载荷", "额定载荷": "载荷", "负载": "载荷", "线径": "线径",
    "截面": "截面", "芯数": "芯数",
}
_LABELLED = re.compile(
    "(" + "|".join(sorted(map(re.escape, ATTRIBUTE_LABELS), key=len, reverse=True)) + r")"
    # One optional sign between two runs of spaces, written so the runs cannot trade spaces: "\s*[:=]?\s*" is
    # quadratic on a label followed by thousands of spaces.
    r"\s*+(?:[:=为约φ]\s*+)?(\d+(?:\.\d+)?)(?![\d.])"
)


def labelled_specs(normalized: str) -> list[str]:
    """``公称直径16 导程5`` → ``["16直径", "5导程"]``, on text already through ``normalize_text``."""
    if normalized.isascii():
        return []
    return [number + ATTRIBUTE_LABELS[label] for label, number in _LABELLED.findall(normalized)]
