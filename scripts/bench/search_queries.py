"""Queries a reader would type, taken from the policies' text, for the search tests and the benchmark.

Each must find every current policy page whose text contains it (after NFKC and case folding):
compound words, katakana, Latin abbreviations, names, and full-width or half-width variants.
"""

from __future__ import annotations

JAPANESE = [
    "第三者提供",
    "安全管理措置",
    "個人情報保護委員会",
    "要配慮個人情報",
    "外国にある第三者",
    "利用目的",
    "個人識別符号",
    "個人情報管理責任者",
    "情報管理責任者",
    "開示等相談窓口",
    "本人認証サービス",
    "携帯電話番号",
    "電子クーポン",
    "退職者",
    "手数料",
    "刑事訴訟法",
    "特定電気通信役務提供者",
    "広告配信",
    "名刺受発注",
    "利用者情報",
    "掲示板",
    "ユーザー属性",
    "クッキー",
    "ｸｯｷｰ",  # half-width katakana
    "ウェブビーコン",
    "オフラインミーティング",
    "データセンター",
    "ファイアーウォール",
    "SQLインジェクション",
    "Cookie",
    "cookie",  # case
    "ＳＳＬ",  # full-width
    "SSL",
    "匿名ID",
    "SMS認証",
    "corezo",
    "Soarer",
    "新井 正樹",
]

ENGLISH = [
    "cookies",
    "cookie",
    "personal information",
    "third party",
    "SSL",
    "Personal Information Protection Commission",
    "web beacons",
    "business cards",
    "identity authentication",
    "security control measures",
    "Soarer",
    "electronic coupons",
]
