"""Deterministic fact extraction from one user message (Chinese chat text).

Complements the statistical NLU: it is the backstop for booleans (实名, 同意, 删除…), for
totals computed across accounts ("9个号每个两三千好友" → 22,500) and for short answers to the
question just asked (``expected``). It is conservative: a cue it cannot place is ignored
rather than guessed. Pure Python, no Rasa import.

Pipeline: normalise (full-width → ASCII, common traditional characters → simplified,
lower case, control characters dropped) → blank out dates, phone/ID numbers, article
references → split into clauses → one small extractor per fact → expected-answer handling
→ derived facts, validation.

Values use the risk engine's keys and vocabularies (actions/risk/vocab.py). ``unpaid``
is not an engine key: an outstanding balance is reported in ``Extraction.quantities`` and
turned into ``price`` (paid + unpaid) when the paid amount is known.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Set, Tuple

from .numbers import (
    Quantity,
    QuantityMatch,
    find_quantities,
    format_count,
    format_rmb,
    money_quantity,
    normalize_digits,
)

MAX_TEXT_CHARS = 2000
MAX_NUMBERS = 60            # numbers read per message (a chat message has a handful)

# ---------------------------------------------------------------------------
# Vocabulary of the risk engine (kept equal to actions/risk/vocab.py by a test)
# ---------------------------------------------------------------------------

ROLES = ("seller", "buyer", "intermediary", "other")
PLATFORMS = ("wechat", "wecom", "wechat_official", "qq", "douyin", "kuaishou", "weibo",
             "xiaohongshu", "bilibili", "taobao_shop", "game", "other")
ACCOUNT_KINDS = ("personal", "business")
PI_KINDS = ("whereabouts", "communication_content", "credit", "property", "accommodation",
            "communication_records", "health", "transaction", "identity", "contact", "other")
BUYER_PURPOSES = ("same_business", "marketing", "resale", "unknown", "suspicious")
STATUSES = ("planned", "signed", "performed", "dispute")
BOOLEAN_FACTS = ("real_name", "third_party_pi", "obtained_in_service", "consent", "deidentified",
                 "buyer_known", "announce_change", "official_route", "prior_penalty")
MONEY_FACTS = ("price", "paid", "unpaid")
COUNT_FACTS = ("account_count", "pi_count", "pi_per_account")
ENUM_FACTS = {"role": ROLES, "platform": PLATFORMS, "account_kind": ACCOUNT_KINDS,
              "buyer_purpose": BUYER_PURPOSES, "status": STATUSES}

MAX_ACCOUNTS = 100_000
MAX_PI = 10 ** 9
MAX_MONEY = 10 ** 10


@dataclass
class Extraction:
    """What one message says.

    facts       risk-engine keys and values (also ``pi_counts`` when a count names its kind:
                "300份病历" → {"health": 300})
    notes       short Chinese remarks to show the user ("按9个号×每个约2,500人估算…")
    unknown     facts the user said they do not know
    problems    impossible values (polite Chinese), kept out of ``facts``
    quantities  the numbers behind numeric facts, with their ranges; also ``unpaid``,
                ``pi_per_account`` and ``price_per_account``, which are not engine facts
    correction  the message corrects an earlier answer ("不对，其实是两个号"): its leading
                "不对" is not a no to the question asked
    """
    facts: Dict[str, Any] = field(default_factory=dict)
    correction: bool = False
    notes: List[str] = field(default_factory=list)
    unknown: Set[str] = field(default_factory=set)
    problems: Dict[str, str] = field(default_factory=dict)
    quantities: Dict[str, Quantity] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Traditional → simplified for the characters the lexicons below use (1:1 characters).
_T2S_PAIRS = (
    "個个 號号 賣卖 買买 兩两 萬万 億亿 幾几 餘余 來来 實实 認认 證证 錢钱 給给 經经 過过 沒没 訊讯 錄录 "
    "話话 戶户 資资 訂订 單单 銀银 帳账 賬账 務务 醫医 歷历 療疗 診诊 體体 檢检 報报 紀纪 簽签 約约 "
    "協协 議议 訴诉 價价 筆笔 與与 這这 們们 會会 說说 對对 還还 將将 爲为 為为 從从 時时 東东 於于 "
    "後后 裡里 裏里 麼么 嗎吗 電电 機机 聯联 繫系 係系 圖图 貨货 購购 費费 開开 間间 蹤踪 軌轨 跡迹 "
    "徵征 財财 產产 員员 顧顾 營营 銷销 廣广 詐诈 騙骗 賭赌 轉转 讓让 頭头 條条 張张 關关 網网 紅红 "
    "書书 鋪铺 舖铺 貓猫 遊游 戲戏 臉脸 綁绑 動动 決决 權权 處处 罰罚 業业 闆板 門门 館馆 寶宝 擬拟 "
    "準准 備备 計计 劃划 應应 該该 願愿 聽听 問问 題题 幫帮 則则 規规 據据 刪删 識识 別别 脫脱 誰谁 "
    "遷迁 繼继 變变 總总 額额 兒儿 樣样 無无 結结 夠够 錯错 當当 並并 讀读 談谈 點点 雙双 預预 覺觉 "
    "數数 託托 護护 歲岁 塊块 圓圆 幣币 歐欧 美美 圍围 衛卫 薇薇 線线 車车 靈灵 氣气 見见 親亲 戚戚 "
    "專专 圈圈 絡络 號号 齊齐 導导 師师 貼贴 帶带 態态 況况 諮咨 詢询 義义 務务 盤盘 場场 級级 鐘钟 "
    "話话 傳传 發发 質质 證证 內内 容容 觸触 將将 讚赞 顯显 喚唤 換换 於于 乾干 淨净 錄录 歸归 屬属 "
    "錶表 複复 處处 獲获 取取 暫暂 訊讯 絕绝 鬆松 嚴严 厲厉 寫写 據据 團团 隊队 鄉乡 縣县 區区 鎮镇 "
    "裝装 騰腾 審审 批批 續续 離离 職职 陸陆 貳贰 億亿 壞坏 驗验 險险 範范 據据 犯犯 罪罪 獄狱 牢牢 "
    "謝谢 麻麻 煩烦 讓让 邊边 啟启 負负 債债 訟讼 紛纷 談谈 違违 賠赔 償偿 鬧闹 拋抛 棄弃 悔悔 獨独 "
    "狀状 舊旧 買买 紹绍 介介 陌陌 隱隐 私私 號号 碼码 郵邮 箱箱 址址 齡龄 護护 照照 務务 稅税 "
)
_T2S = {ord(pair[0]): ord(pair[1]) for pair in _T2S_PAIRS.split() if len(pair) == 2}
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def normalize(text: str) -> str:
    """Text the lexicons can match: ASCII digits/letters, simplified, lower case."""
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _CONTROL_RE.sub(" ", text)
    text = normalize_digits(text).translate(_T2S)
    return text.lower()


# Spans that contain digits but are no quantities of accounts, people or money.
_MASKS = (
    r"https?://\S+|www\.\S+",
    r"[\w.+-]+@[\w-]+\.[\w.]+",
    r"(?<!\d)\d{17}[\dx](?!\d)",                                   # ID card number
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{3,4}-\d{7,8}(?!\d)",      # phone numbers
    r"(?:qq|vx|wx|微信号?|qq号)\s*[:：]?\s*[a-z0-9_-]{5,}",          # account ids
    r"\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*[日号]?)?",  # dates
    r"\d{2,4}\s*年(?!内|以内|前|之内)",
    r"[零〇一二三四五六七八九]{4}年",
    r"(?<![\d个])\d{1,2}\s*月(?:份|\s*\d{1,2}\s*[日号])?",
    r"[一二三四五六七八九十]{1,3}月(?:份|[一二三四五六七八九十]{1,3}[日号])?",
    r"(?<!\d)\d{1,2}\s*[:：]\s*\d{2}(?!\d)|\d{1,2}\s*点钟?(?:半|\d{1,2}分)?",  # times
    r"第\s*[\d零〇一二两三四五六七八九十百千]+\s*条(?:之[一二三四五六七八九十])?",  # articles
    r"\d+\s*条之[一二三四五六七八九十]",
    r"(?:法|典|解释|规定|条例|办法)\s*第?\s*[\d一二三四五六七八九十百零]+\s*条",
    r"\d+(?:\.\d+)?\s*[%％]|百分之[\d零一二两三四五六七八九十百]+",
    r"\d+(?:\.\d+)?\s*(?:岁|周岁|个月|小时|分钟|秒|天|周|年(?:前|内|以内)|倍|级|楼|层|米|公里|斤|公斤|gb|mb|kb|g(?![a-z]))",
)
_MASK_RE = re.compile("|".join(f"(?:{p})" for p in _MASKS))
_MASK_CHAR = "\u2591"


def mask_non_quantities(text: str) -> str:
    return _MASK_RE.sub(lambda m: _MASK_CHAR * (m.end() - m.start()), text)


_CLAUSE_SEP_RE = re.compile(r"[，,。!！?？;；\n…]+|(?<!\d)\.|\.(?!\d)|\s{2,}")


# ---------------------------------------------------------------------------
# Lexicons (cue words). Text is normalised first: simplified, lower case.
# ---------------------------------------------------------------------------

# --- platform and account kind ---------------------------------------------
PLATFORM_WORDS = {
    "wecom": ("企业微信", "企微", "企业vx", "企业wx", "企业v信"),
    "wechat_official": ("微信公众号", "公众号", "服务号", "订阅号", "公号"),
    "wechat": ("微信号", "微信", "vx", "wx", "v信", "薇信", "威信", "徽信", "围信", "weixin", "wechat",
               "绿泡泡", "wei信", "微x"),
    "qq": ("qq号", "qq", "扣扣"),
    "douyin": ("抖音号", "抖音", "dy号", "dy", "抖y", "斗音", "抖阴", "douyin", "抖号"),
    "kuaishou": ("快手号", "快手", "ks号", "ks", "kuaishou", "块手"),
    "weibo": ("微博号", "微博", "围脖", "weibo"),
    "xiaohongshu": ("小红书号", "小红书", "小红薯", "红书", "xhs"),
    "bilibili": ("b站号", "b站", "哔哩哔哩", "bilibili", "小破站"),
    "taobao_shop": ("淘宝店铺", "淘宝店", "天猫店铺", "天猫店", "网店", "淘宝企业店"),
    "game": ("游戏账号", "游戏帐号", "游戏号", "王者荣耀", "王者号", "王者", "原神号", "原神", "和平精英",
             "吃鸡号", "英雄联盟", "lol号", "梦幻西游", "逆水寒", "永劫无间", "第五人格", "穿越火线", "cf号",
             "dnf", "地下城", "魔兽世界", "星穹铁道", "崩坏", "光遇", "阴阳师", "火影忍者", "蛋仔派对",
             "蛋仔", "steam", "手游号", "端游号", "手游", "网游", "游戏"),
    "other": ("头条号", "百家号", "知乎", "视频号", "陌陌", "探探", "闲鱼号", "拼多多店", "京东店", "抖店",
              "微店", "钉钉", "tiktok", "facebook", "instagram", "ins号"),
}
# Generic words that name a platform only weakly (another platform named in the message wins).
WEAK_PLATFORM_WORDS = {"游戏", "手游", "网游"}
# Platform words used as a payment or chat channel, not as the account being sold.
PLATFORM_CHANNEL_AFTER = r"(?:转账|支付|付款|付的|转的|转给|红包|收款|扫码|聊|联系|沟通|语音|视频通话|电话|群)"
PLATFORM_CHANNEL_BEFORE = r"(?:加|通过|用)我?的?$"

ACCOUNT_KIND_WORDS = {
    "personal": ("个人号", "私人号", "个人微信", "个人账号", "个人帐号", "私号", "个人的号", "私人微信",
                 "个人抖音", "个人qq", "自己的号", "私人账号"),
    "business": ("企业号", "商家号", "蓝v", "店铺号", "官方号", "企业账号", "企业帐号", "公司号", "公司的号",
                 "公司账号", "机构号", "商户号", "品牌号", "企业认证"),
}

# --- role ------------------------------------------------------------------
_THIRD = (r"(?:他|她|对方|买家|买方|卖家|卖方|人家|别人|有人|老板|朋友|同行|他们|她们|老哥|哥们|兄弟|大哥|网友|"
          r"陌生人|群主|号贩子?|号商|中介|工作室)")
_SOON = r"下个?月|下周|下礼拜|明天|后天|过几天|近期|最近|马上|尽快|年底|月底|年后|今年|这周|这两天"
_WANT = (r"(?:想|要|准备|打算|计划|考虑|决定|能不能|可不可以|可以|能|该怎么|怎么|怎样)"
         r"(?:直接|全部|一起|都|打包|整体|一并|尽快|马上)?")
ROLE_OTHER_CUES = (
    r"(?:帮|替|代)(?:我的?)?(?:朋友|同事|亲戚|家人|老板|客户|别人|他人|熟人|老公|老婆|男朋友|女朋友|爸|妈|"
    r"哥|姐|弟|妹|同学|领导|公司)[^，。？！]{0,4}(?:问|咨询|了解)",
    r"(?:朋友|同事|亲戚|老板|领导)(?:让|叫|托)我(?:来)?(?:问|咨询)",
    r"^(?:我的?)(?:朋友|同事|亲戚|家人|同学|老公|老婆|男朋友|女朋友|领导|老板|公司|哥|姐|弟|妹|爸|妈)"
    r"(?:想|要|打算|准备|把|有|在|的号|的账号|卖|买|收|做|是|开|以前)",
    r"(?:帮|替|代)(?!忙|我问|人收|别人收|老板收)[^，。？！]{1,6}?(?:问|咨询)",
    r"(?:是|都是)我(?:的)?(?:朋友|同事|亲戚|家人|同学|老板|领导)的(?:号|账号|帐号)?(?:$|[，。？！])",
)
ROLE_INTERMEDIARY_CUES = (
    r"收号(?!的?(?:人|加|找|说|问|联系|私信|给|天天|一直|出价|要|让|骗|群))|倒号|号贩子?|批量(?:收|买|卖)|低价收|帮(?:人|别人|老板)收|回收[^，。？！]{0,4}号|"
    r"收了?[^，。？！]{0,10}再(?:卖|出|转)|做号|养号",
    r"号商|中介|倒卖|转手卖|工作室",
)
# Left context that makes 号商/中介/倒卖 someone else's: 找号商, 卖给中介, 买家拿去倒卖.
ROLE_NOT_SELF_LEFT = (r"(?:找|通过|经|从|跟|向|被|卖给|让|对方|买家|买方|他|她|老板|人家|别人|拿去|用来|是不是|"
                      r"估计|可能|应该|说是|据说|怕)")
# Right context that makes 号商/中介 the subject of someone else's act: 号商收了我的号.
ROLE_NOT_SELF_RIGHT = r"^(?:收|买|找|说|要|让|给|问|骗|不|想|出价|联系)"
ROLE_SELLER_CUES = (
    r"我是(?:卖家|卖方|卖号的|出号的|卖的)|我是卖(?=$|[，。！？\s])",
    r"(?:^|[，。！？\s])出(?=[0-9一二两三四五六七八九十几]|[^，。？！]{0,6}(?:号|vx|微信|抖音|账号|店))",
    r"(?:打包|整体)(?:出|卖)|出租|出借|租给|借给[^，。？！]{0,4}用",
    r"(?<!买)卖(?:自己的|我的|这个|这些)",
    _WANT + r"(?:把[^，。？！]{0,12})?(?:卖|出售|转让|出手|转手|转卖|出掉)(?!家|方|给我|我)",
    r"(?<!买)卖(?:掉|出去|了|过)(?!家)",
    r"(?<!买)卖给(?!我)",
    r"出售|转让(?!给我)|出手|出号|出掉",
    r"(?:想|要|准备|打算)出(?![来去现事问])(?=[0-9一二两三四五六七八九十几个号掉手]|$|[，。！？\s])",
    r"把[^，。？！]{0,12}(?:卖|出售|转让|转给)(?!给我|我)",
    r"(?<!买)卖(?:号|微信|抖音|账号|qq|快手|店)",
)
ROLE_SELLER_THIRD_CUES = (
    r"(?:买家|买方|对方|他|她|老板)[^，。？！]{0,4}(?:不给钱|没给钱|不付|没付|拖欠|欠我|赖账|不给尾款|"
    r"没给尾款|不给余款|要退款|要退钱|不认账|反悔)",
    r"(?:有人|他|她|对方|老板|别人|人家|买家|号商|中介|工作室|号贩子?)(?:想|要|准备|打算|出价)?(?:买|收购|收)(?:了)?(?:我|我的)",
    r"(?:有人|号贩子?|号商|老哥|老板|同行)[^，。？！]{0,6}(?:想|要|准备|打算)(?:买|收购|收|要)(?!家|方)",
    _THIRD + r"(?:想|要|准备|打算)?(?:买|收购|收)(?:了)?(?:我|我的)",
    r"(?:收号的?|号商|号贩子?|中介|有人|买家)[^，。？！]{0,4}(?:加我|找我|联系我|私信我|问我)",
    r"(?:交给|给了|转给)(?:了)?(?:对方|买家|买方|他|她|老板)",
)
ROLE_BUYER_CUES = (
    r"我是(?:买家|买方|买号的|买的)",
    r"(?<!卖)买(?:号|微信|抖音|账号|qq|快手|店|游戏)",
    r"收了(?:个|一个|几个|[0-9一二两三四五六七八九十]+个)",
    _WANT + r"(?:把[^，。？！]{0,12})?(?:买|收购|接手|盘下|入手)(?!家|方|卖|号的|我)",
    r"买(?:了|的|下|来|过|到)(?!家|方)",
    r"收购|接手|盘下|入手|受让|接盘",
    r"(?:卖|转让|转|出)给(?:了)?我(?!们的客户)",
    r"花[^，。？！]{0,8}买",
)
ROLE_BUYER_THIRD_CUES = (
    r"(?:卖家|卖方|对方|他|她|原主|号主)[^，。？！]{0,4}(?:不给号|没给号|不交号|找回|把号找回|要回|收回|"
    r"改密码|改了密码|申诉|跑路|拉黑)",
    r"号被(?:找回|收回|申诉回去|要回)",
)
ROLE_BARE_ANSWERS = {
    "seller": r"卖|卖家|卖方|卖号|我卖|卖的|卖号的|出|出号|我要卖|我想卖",
    "buyer": r"买|买家|买方|买号|我买|买的|买号的|收|我要买|我想买",
    "intermediary": r"中介|号商|收号|收号的|倒卖|倒号",
    "other": r"帮朋友问|帮别人问|替别人问|替朋友问|代问|其他|别人|朋友",
}

# --- status (most advanced wins: dispute > performed > signed > planned) ----
_KEEPS_NOT = r"(?:一直|迟迟|始终|就是|拖着|死活)都?(?:不|没)"   # keeps not paying
STATUS_CUES = {
    "dispute": r"(?<!想|要)(?:反悔|毁约|违约)(?!行不行|可以吗|吗)|不给钱|没给钱|不付钱|不给尾款|没给尾款|不付尾款|不给余款|拖欠|赖账|起诉|打官司|"
               r"告(?:他|她|我|对方|了|上法院)|被告|要退款|退款|退钱|要回|找回|跑路|拉黑|"
               r"纠纷|仲裁|报警|被骗|骗了我|不认账|追讨|讨债|律师函|不还钱|不给了|不付了|不肯(?:付|给)|"
               r"剩下的(?:钱)?(?:不给|不付|没给)|"
               # 钱一直不给 / 对方迟迟不付 (not 他一直不给我回消息)
               r"(?:钱|款|号|买家|卖家|对方|他|她)[^，。？！]{0,4}" + _KEEPS_NOT + r"(?:给|付|结|还|打|转|交)(?!我?(?:回|消息))|"
               + _KEEPS_NOT + r"(?:付|结|给钱|给尾款|给余款)",
    "performed": r"已经(?:卖|交|给|转|买|付|过户|换绑|交接|成交|收)|交号了|号(?:已经)?(?:给|交)(?:了|他|她|对方)|"
                 r"钱(?:也|都|已经)?(?:付|给|收|到账)(?:了|清)|到账了|交接(?:完|好)了?|换绑了|"
                 r"买(?:了|过)(?!会|吗|的话)|卖(?:了|掉了)(?!会|吗|的话|以后|之后|犯法|违法|要|能|可以|怎么|算)|"
                 r"付了|收了钱|收到钱|成交了",
    "signed": r"签了|签好了?|签过|签订|签署|写了(?:协议|合同|字据)|立了字据|签(?:了|的)?(?:合同|协议)",
    "planned": _WANT + r"(?:" + _SOON + r")?(?:把[^，。？！]{0,16})?(?:卖|买|出售|转让|出手|收购|接手|签|盘下|买下|入手|出掉|"
               r"打包出|出租|交易|收(?=[0-9一二两三四五六七八九十几个]))|还在谈|在谈|谈着|还没定|没定下来|"
               r"还没(?:卖|签|交|买|成交|付)|有人(?:想|要)买|能卖吗|可以卖吗|能买吗|可以买吗|"
               r"(?:想|要|准备|打算)出(?=[0-9一二两三四五六七八九十几个号掉手]|$|[，。！？\s])",
}
STATUS_ORDER = ("dispute", "performed", "signed", "planned")
# 准备签合同 is planned, 没签 is not signed.
STATUS_SIGNED_BLOCK_LEFT = r"(?:准备|打算|想|要|还没|没有?|未|不)$"
STATUS_PERFORMED_BLOCK_LEFT = r"(?:想|要|打算|准备|计划|能不能|可不可以|可以|能|怎么)[^，。？！]*$"

# --- buyer purpose (first listed wins) ---------------------------------------
BUYER_PURPOSE_CUES = (
    ("suspicious", r"刷单|跑分|博彩|菠菜|诈骗|杀猪盘|洗钱|赌博|网赌|电诈|骗人|跑u|黑产|灰产|境外|缅甸|柬埔寨|"
                   r"不让问用途|不说用途|不告诉我?用途|不肯说用途|代实名|帮(?:忙|他|她|对方)?实名|接码|"
                   r"解封|收卡|收银行卡|高价收|出价(?:很|特别|非常|超)高|价格?(?:高得)?离谱|只要实名的?号|"
                   r"(?:给的)?价(?:格|钱)?(?:特别|很|非常|超|出奇地?)高|不说(?:干嘛|干什么|做什么|用途|拿去干)|"
                   r"不肯说(?:用途|干嘛)?|不告诉我(?:干嘛|用途)"),
    ("resale", r"倒卖|转手卖|再卖出去|转卖|倒手|拿去卖|再卖给别人|卖给别人"),
    ("marketing", r"引流|推广|打广告|发广告|做营销|营销|带货(?!号)|卖货(?!号)|做微商|微商(?!号)|私域|拉群|"
                  r"发朋友圈卖"),
    ("same_business", r"同行|同一行|同一个行业|一样的生意|同样的生意|接着做|继续做|继续经营|继续维护|"
                      r"接手(?:我的)?客户|维护(?:老)?客户|做同样|也是做|也是开|(?:继续|接着)(?:服务|跟进)|"
                      r"(?:继续|接着|还)(?:给|帮|为|跟)(?:她们|他们|客户|老客户|这些(?:人|客户)|大家|粉丝)"
                      r"(?:做|服务|跟进|维护)"),
    ("unknown", r"不知道(?:买家|对方|他|她|老板)?(?:拿去|拿来|用来|要|买来|买去)?(?:干嘛|干什么|做什么|干啥|"
                r"用途|怎么用|做啥|用来干)|不清楚(?:对方|买家|他)?(?:的)?用途|用途不明|没问(?:用途|干嘛)"),
)
# "做医美的老板": a buyer in a named trade counts as the same business.
BUYER_TRADE_RE = re.compile(r"(?:做|开)([^，。？！、的]{1,6})的(?:老板|同行|商家|公司|店|人|朋友|机构|老总)")

# --- personal information ----------------------------------------------------
PI_KIND_WORDS = {
    "whereabouts": ("行踪轨迹", "行动轨迹", "行程记录", "行程", "行踪", "定位", "位置信息", "实时位置", "轨迹"),
    "communication_content": ("聊天记录", "聊天内容", "通话内容", "通话录音", "短信内容", "语音记录",
                              "私信内容", "私信", "聊天截图"),
    "credit": ("征信", "信用报告", "信用记录"),
    "property": ("银行卡号", "银行卡", "银行账户", "存款", "支付宝", "财产", "资产", "房产", "收入情况"),
    "accommodation": ("开房记录", "住宿记录", "入住记录", "酒店记录"),
    "communication_records": ("通话记录", "通讯记录", "短信记录", "通话清单", "话单"),
    "health": ("病历", "病例", "病史", "体检报告", "就诊记录", "健康状况", "健康信息", "医美项目", "诊断",
               "检查报告", "处方", "手术记录", "治疗记录", "医疗记录", "整形项目", "体检"),
    "transaction": ("订单", "购买记录", "交易记录", "消费记录", "下单记录", "收货记录"),
    "identity": ("身份证号码", "身份证号", "身份证", "身份正", "真实姓名", "姓名", "生日", "出生日期", "护照"),
    "contact": ("手机号码", "手机号", "电话号码", "联系电话", "电话", "住址", "家庭住址", "收货地址", "地址",
                "联系方式", "通讯录", "邮箱"),
    "other": ("客户资料", "客户信息", "客户档案", "好友信息", "好友资料", "照片", "个人信息", "个人资料", "隐私"),
}
# The account holder's own ID / bank card (real-name verification), or a payment channel.
# Kinds that are often the account holder's own (real-name binding), not third parties'.
OWN_DATA_KINDS = ("identity", "property", "contact")
PI_OWN_LEFT = r"(?:绑定?了?|实名)[^，。？！]{0,8}$|(?:用|拿|凭|刷|我的?|自己的?|(?:卖家|卖方|号主|原主人?)的?)$"
PI_OWN_RIGHT = r"^(?:实名|认证|注册|绑定|验证|转|付|支付|打款|收款|联系|里|问|沟通|说|打)"
PI_NOT_AFTER = r"(?:打|通|接)$"      # 打电话
PI_HOLDER_NOUNS = r"好友|客户|联系人|粉丝|通讯录|顾客|患者|会员|聊天记录|病人"
THIRD_PARTY_PI_TRUE = (
    r"(?:有|带|含|包括|加了|存了|存着|都是|里面)[^，。？！]{0,6}(?:" + PI_HOLDER_NOUNS + r")",
)
THIRD_PARTY_PI_FALSE = (
    r"没有任何(?:个人信息|资料|信息|好友)|没有个人信息|不涉及(?:个人信息|隐私|他人信息)|"
    r"空号|新号|白号|零好友|0好友|没有好友|没好友|里面(?:什么都没有|是空的|啥都没有)",
)

# --- booleans: (pattern, value). A negation before a cue flips it. ---------
BOOL_CUES = {
    "real_name": (
        (r"实名|实明|实人认证|人脸认证|刷脸|人脸识别|身份证认证|绑(?:了|定了?)?(?:身份证|银行卡|卡|手机号?)|"
         r"用身份证注册|身份证注册", True),
        (r"白号|黑户号|非实名号", False),
    ),
    "obtained_in_service": (
        (r"客户|顾客|患者|病人|病患|会员|学员|客人|消费者|业主|家长|来访者|求美者", True),
        (r"(?:都是|全是|只是|只有|主要是|基本是|基本都是|就是)(?:一些)?(?:我的?)?(?:私人|自己的|普通)?"
         r"(?:朋友|同学|亲戚|家人|好友|熟人|亲友|粉丝|网友|观众|路人)", False),
    ),
    "consent": (
        (r"同意|授权|答应|允许|首肯|没意见", True),
        (r"问过(?:他们|好友|客户|大家|本人|每个人)|征求[^，。？！]{0,4}意见", True),
        (r"(?:好友|客户|顾客|患者|会员|他们|大家|粉丝)[^，。？！]{0,3}(?:不知情|不知道|都不知道|不清楚)", False),
    ),
    "deidentified": (
        (r"删(?:掉|除|光|干净|了|空|完)?[^，。？！]{0,4}(?:客户|好友|聊天|资料|信息|记录|数据|通讯录|联系人|病历)|"
         r"(?:客户|好友|聊天|资料|信息|记录|数据|通讯录|联系人|病历)[^，。？！]{0,4}(?:删|清空|清除|清理)|"
         r"清空|清除|抹掉|抹除|脱敏|匿名化|去标识|格式化|恢复出厂|"
         r"删(?:掉|除|光|干净|完|空)?(?:的|了)?(?=$|[，。？！\s])", True),   # 不删 / 都删了
        (r"保留[^，。？！]{0,4}(?:客户|好友|聊天|资料|信息|记录|数据|通讯录|联系人)|原封不动|原样|连同|"
         r"连[^，。？！]{0,6}(?:好友|客户|资料|聊天记录|通讯录)[^，。？！]{0,3}一起|"
         r"带(?:着)?(?:好友|客户|资料|粉丝)|"
         r"(?:客户|好友|资料|聊天记录|通讯录|信息|数据)[^，。？！]{0,4}(?:保留|都在|不变|留着)", False),
    ),
    "buyer_known": (
        (r"认识(?!到)(?:的|他|她|对方|买家)?|熟人|老朋友|老客户|知根知底|见过面|线下见过|"
         r"买家是(?:我的?)?(?:朋友|同事|亲戚|熟人|同行|老客户|同学)|"
         r"(?:卖|转让|转|给)给(?:我的?|一个)?(?:朋友|同事|亲戚|熟人|同学|老客户)|"
         r"知道(?:对方|买家|他|她)?是谁", True),
        (r"陌生人|网上(?:认识|找|联系|碰到|联系上)的?|网友|(?:纸飞机|飞机|telegram|tg)上|"
         r"群里(?:找|认识|联系)的?|素未谋面|中介介绍|闲鱼上|匿名", False),
    ),
    "announce_change": (
        (r"(?:告诉|通知|告知|说明|公告|声明|说一声|讲清楚)[^，。？！]{0,4}(?:好友|客户|朋友|大家|粉丝|他们|顾客|"
         r"患者|联系人|会员)|发朋友圈(?:说明|通知|告知|说)|群发通知|"
         r"(?:好友|客户|他们|大家|粉丝)[^，。？！]{0,3}(?:都)?(?:知道|清楚)(?:换人|换了人|转手|卖了|易主)", True),
        (r"瞒着|冒充|装作是我|假装是我|以我的名义|用我的(?:名义|身份)|继续用我的|冒用|"
         r"不让[^，。？！]{0,4}知道|(?:好友|客户|他们)[^，。？！]{0,3}(?:都)?不知道(?:换人|换了人|转手|卖了|易主)", False),
    ),
    "official_route": (
        (r"(?:公众号|账号|帐号)?迁移|主体变更|变更主体|客户继承|在职继承|离职继承|过户|"
         r"官方(?:渠道|流程|途径|转让|迁移|同意|审核|批准)|走(?:平台|官方)|平台(?:同意|审核|批准|允许)|审核通过", True),
        (r"私下|线下交易|私底下|绕过平台|(?:直接)?给[^，。？！]{0,3}(?:账号|帐号)?密码|换绑|改绑", False),
    ),
    "prior_penalty": (
        (r"(?:以前|之前|曾经|去年|前年|上次|两年内|前几年)[^，。？！]{0,4}(?:被|受)[^，。？！]{0,6}"
         r"(?:处罚|罚|拘|抓|判|处理|查)|(?:处罚|罚款|拘留|判刑|坐牢|被抓|罚|处理)过|受过[^，。？！]{0,4}处罚|"
         r"有前科|有案底|判过刑", True),
    ),
}
# Cues counted only when the named condition holds (see _bool_hit_allowed).
CONSENT_SUBJECTS = r"好友|客户|顾客|患者|会员|朋友们|他们|她们|大家|粉丝|联系人|用户|本人|每个人|所有人|每位"
CONSENT_PHRASES = r"经过[^，。？！]{0,6}(?:同意|授权)|征得[^，。？！]{0,6}同意|单独同意|知情同意"
CONSENT_OTHER_LEFT = r"(?:对方|买家|卖家|老板|平台|官方|腾讯|我|家里|父母|法院)[^，。？！]{0,2}$"
# Noun cues (客户…) are negated only by a copula: 不是客户.
NOUN_NEGATION_LEFT = r"(?:不是|并非|并不是|都不是|没有一个是)$"

# --- negation, questions, hypotheticals, unknown -----------------------------
NEGATION_RE = re.compile(
    r"没有|没|未|无(?!论|法)|非(?!常)|别(?!人|的)|"
    r"不(?!少|错|过|管|仅|但|久|同(?!意)|光|断|停|然|如|论|算|好意思|止|知道|清楚|确定)")
A_NOT_A_RE = re.compile(r"(.)[不没]\1|有没有|是否")
CONTRAST_RE = re.compile(r"但是?|不过|可是|只是|然后|而且|其实|现在")
QUESTION_RIGHT_RE = re.compile(r"^(?:了|过|的)?(?:吗|么|嘛|没有?|与否|不)(?![^，。？！]*知道)")
HYPOTHETICAL_RE = re.compile(r"如果|假如|要是|(?<![0-9零一二两三四五六七八九十百千w])万一|假设|若是|倘若|会不会|能不能|"
                             r"可不可以|是不是")
UNKNOWN_WORDS = (r"不(?:太|大|是很|怎么)?(?:清楚|知道|确定|记得|了解|晓得|懂)|记不清|记不得|忘了|忘记了|说不好|"
                 r"不好说|没注意|没数过|没问过?|不一定|没概念|不知|不造|不晓|没统计|没算过|说不准|看情况|搞不清")
UNKNOWN_RE = re.compile(UNKNOWN_WORDS)
# "没问过" to the consent question: consent that was never asked for was not given.
NOT_ASKED_RE = re.compile(r"^(?:还|都|从来|从)?没(?:有)?(?:问|征求|征得|告诉|通知|说)(?:过)?(?:他们|客户|好友|大家)?$")
UNKNOWN_LEFT_RE = re.compile(r"(?:" + UNKNOWN_WORDS + r")(?:他们|对方|客户|好友|买家|大家|号)?"
                             r"(?:有没有|是不是|是否|有没|会不会|都)?[^，。？！]{0,2}$")
UNKNOWN_RIGHT_RE = re.compile(r"^(?:了|过|的)?(?:吗|么|没有?|与否)?[？?，,\s]*(?:我也|我|也|还)?(?:" + UNKNOWN_WORDS + r")")
MIXED_RE = re.compile(r"有的(?:有|是|会|实名|同意)[^。]{0,12}有的(?:没|不)|一部分|部分(?:有|是|实名|同意)")

# --- short answers ---------------------------------------------------------
YES_WORDS = ("是", "是的", "是啊", "是呀", "是滴", "对", "对的", "对啊", "对呀", "对滴", "有", "有的", "有啊",
             "有滴", "会", "会的", "要", "需要", "都有", "都是", "当然", "肯定", "没错", "确实", "确定", "同意",
             "可以", "行", "好", "好的", "必须", "ok", "okay", "yes", "y", "yep", "yeah", "1", "√", "✅",
             "👍", "👌")
NO_WORDS = ("不是", "不", "否", "没有", "没", "没呢", "还没", "还没有", "无", "不会", "不要", "不用", "不需要",
            "不对", "都没有", "都不是", "一个都没有", "没得", "木有", "并没有", "不会的", "没有的", "不是的",
            "no", "n", "nope", "0", "×", "❌", "🙅", "🙅‍♂️", "🙅‍♀️")
CORRECTION_WORDS = ("不对", "不是", "错了", "说错了", "搞错了", "更正")
# Chinese often answers a yes/no question by echoing its verb: 不会说 / 没同意 / 会告诉他们.
NO_ECHO_RE = re.compile(r"^(?:不|没|没有|未|还没|并没|从没|从来没|不会|不打算|不准备|不想)[\u4e00-\u9fff]{1,5}$")
YES_ECHO_RE = re.compile(r"^(?:会|有|是|已经|都|肯定|当然|一定)[\u4e00-\u9fff]{1,5}$")
ECHO_BLOCK_RE = re.compile(r"[不没吗么呢]|是否|多少|什么|怎么|哪")
# "没付钱" / "没签" echo no yes/no question we ask: they speak of the deal, not of the account.
ECHO_OFF_TOPIC_RE = re.compile(r"钱|付|款|签|合同|成交|交易|交钱")
_SHORT_STRIP_RE = re.compile(r"[\s。，,.!！~～…?？]+|(?<=.)(?:啊|呀|吧|呢|哈|哦|噢|嘛|啦|滴|的)+$")

# --- numbers in context -------------------------------------------------------
ACCOUNT_MODIFIER = r"(?:客服|工作|闲置|老|新|小|大|私人|个人|企业|商家|公司|营销|备用|实名|店铺)"
ACCOUNT_NOUN = r"(?:" + ACCOUNT_MODIFIER + r"?(?:号(?![码称召])|账号|帐号)|账户|店铺|网店)"
PI_COUNT_NOUN = (r"(?:好友|朋友|粉丝|粉|客户|顾客|患者|病人|会员|联系人|学员|家长|用户|人(?!民)|条|份|"
                 r"记录|客人|消费者)")
COUNT_CLASSIFIER = r"(?:个|位|名|多个)"
PER_ACCOUNT_LEFT = (r"每(?:个|一个|一)?(?:号|账号|帐号|微信号?|抖音号?|qq号?)|每个(?![月天年人次])|"
                    r"平均每个?|单个号?|一个号(?:上|里)?")
TOTAL_LEFT = r"一共|总共|共计|合计|加起来|总计|全部|所有号|总数|共有|总的"
NEGATED_NUMBER_LEFT = r"(?:不是|并非|而不是|不止|不到)$"
NOT_A_COUNT_RIGHT = r"^\s*(?:岁|年|个月|月|天|日|号(?=[^码]|$)|周|星期|小时|分|秒|点|次|遍|倍|级|层|楼|米|斤|%)"
PI_PERSON_CONTEXT = r"好友|客户|粉|联系人|通讯录|顾客|患者|会员|信息|资料|微信|加了|人脉"

MONEY_CUES = {
    "price": r"卖了|卖|总价格?|价格|价钱|价位|报价|开价|出价|成交价?|谈好|谈的|谈了|作价|标价|定价|转让费|转让价|"
             r"要价|买了|买|收购价|一共|总共|合计|总额|值|出价|出|要(?=\s*$)|说好的?|讲好的?|约定|谈妥的?",
    "paid": r"付了|已付|付过|已经付|先付|预付|首付|定金|订金|押金|给了|打了|转了|收了|收到|到账|支付了|已支付|"
            r"付款|付",
    "spent": r"花了|花",
    "unpaid": r"还欠|欠|尾款|余款|剩下|剩余|没付|未付|还差|没给|差",
}
MONEY_RIGHT_CUES = {
    "unpaid": r"^\s*(?:的)?(?:尾款|余款)|^\s*(?:还)?(?:没|未)(?:付|给|结)|^\s*欠着",
    "paid": r"^\s*(?:已经|已)?(?:付|给|转|打|收|到账)(?:了|过)|^\s*(?:的)?(?:定金|订金|首付|押金)",
    "price": r"^\s*(?:卖|成交|的价格|买|一个|的价)",
}

PAID_HALF = r"(?:付|给|打|转)了?一半"
PER_ACCOUNT_MONEY_LEFT = r"(?:一个|每个|单个)(?:号|账号)?\s*$"
PER_ACCOUNT_MONEY_RIGHT = r"^\s*(?:块|元)?\s*(?:一个|每个|/个|一个号|每号)"
MONEY_CONTEXT = r"价|钱|块|元|收购|报价|出价|多少|rmb|¥|尾款|定金|付款|付了"

FACT_LABELS = {"account_count": "账号数", "pi_count": "人数", "price": "价格", "paid": "已付款",
               "unpaid": "未付款"}


# ---------------------------------------------------------------------------
# Message context
# ---------------------------------------------------------------------------

class _Ctx:
    """The normalised message with its clauses and numbers."""

    def __init__(self, text: str, expected: Optional[str], known: Mapping[str, Any]):
        self.text = text
        self.expected = expected
        self.known = known
        self.masked = mask_non_quantities(text)
        self.clauses = self._clauses(text)
        self.numbers = find_quantities(self.masked, limit=MAX_NUMBERS)
        self._starts = [start for start, _ in self.clauses]
        self.used_numbers: Set[int] = set()   # indexes of numbers given a meaning

    @staticmethod
    def _clauses(text: str) -> List[Tuple[int, int]]:
        spans, start = [], 0
        for m in _CLAUSE_SEP_RE.finditer(text):
            if m.start() > start:
                spans.append((start, m.start()))
            start = m.end()
        if start < len(text):
            spans.append((start, len(text)))
        return spans

    def clause_at(self, pos: int) -> Tuple[int, int]:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            start, end = self.clauses[i]
            if start <= pos < end:
                return start, end
        return pos, pos

    def left(self, pos: int, width: int = 8) -> str:
        start, _ = self.clause_at(pos)
        return self.text[max(start, pos - width):pos]

    def right(self, pos: int, width: int = 8) -> str:
        _, end = self.clause_at(max(pos - 1, 0))
        return self.text[pos:min(end, pos + width)]

    def clause_text(self, pos: int) -> str:
        start, end = self.clause_at(pos)
        return self.text[start:end]

    def hypothetical(self, pos: int) -> bool:
        start, _ = self.clause_at(pos)
        return bool(HYPOTHETICAL_RE.search(self.text[start:pos]))


def _alternation(words) -> str:
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        if word.isascii() and word[-1].isalpha():
            escaped = f"(?<![a-z]){escaped}(?![a-z])"
        parts.append(escaped)
    return "|".join(parts)


_PLATFORM_OF = {w: p for p, words in PLATFORM_WORDS.items() for w in words}
PLATFORM_RE = re.compile(_alternation(_PLATFORM_OF))
PLATFORM_ALT = _alternation(_PLATFORM_OF)
_KIND_OF = {w: k for k, words in ACCOUNT_KIND_WORDS.items() for w in words}
ACCOUNT_KIND_RE = re.compile(_alternation(_KIND_OF))
_PI_KIND_OF = {w: k for k, words in PI_KIND_WORDS.items() for w in words}
PI_KIND_RE = re.compile(_alternation(_PI_KIND_OF))

_ACCOUNT_RIGHT_RE = re.compile(
    r"^\s*(?:个|台|只|部)?\s*(?:台?手机上的?)?" + ACCOUNT_MODIFIER + r"?(?:" + PLATFORM_ALT + r")"
    r"(?!\s*(?:好友|粉丝|粉|群|联系人|用户|客户|上|里))"
    r"|^\s*(?:个|台|只|部)\s*" + ACCOUNT_NOUN + r"|^\s*(?:账号|帐号|账户)")
_ACCOUNT_LEFT_RE = re.compile(r"(?<![个每])(?:" + PLATFORM_ALT + r"|号|账号|帐号)(?:的话)?(?:一共|总共|共|有|是|大概|差不多|约)*\s*$")
_PI_RIGHT_RE = re.compile(
    r"^\s*(?:多)?" + COUNT_CLASSIFIER + r"?\s*(?:(?:" + PLATFORM_ALT + r")\s*)?(?:的)?\s*(?P<noun>"
    + PI_COUNT_NOUN + r")")
_PI_LEFT_RE = re.compile(r"(?:好友|粉丝|客户|顾客|患者|病人|会员|学员|联系人|通讯录|用户)(?:数|数量|人数)?"
                         r"[^，。？！\d]{0,6}$")


def _rx(pattern: str) -> re.Pattern:
    return _RX_CACHE.setdefault(pattern, re.compile(pattern))


_RX_CACHE: Dict[str, re.Pattern] = {}


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------

def extract_facts(text: str, expected: Optional[str] = None,
                  known: Optional[Mapping[str, Any]] = None) -> Extraction:
    """Facts stated in one user message.

    ``expected`` names the fact the interview just asked for (a risk-engine key, or
    ``pi_per_account`` when the question was "每个号大概多少好友"): short answers such as
    "9", "两三千", "是的", "没有", "不清楚" are then read for that fact. ``known`` holds facts
    already collected (e.g. ``account_count``), used to total per-account counts.
    Never raises.
    """
    ex = Extraction()
    if not isinstance(text, str) or not text.strip():
        return ex
    if not isinstance(expected, str):
        expected = None
    known = known if isinstance(known, Mapping) else {}
    try:
        if len(text) > MAX_TEXT_CHARS:
            text = text[:MAX_TEXT_CHARS]
            ex.notes.append(f"消息较长，只读取了前{MAX_TEXT_CHARS}个字")
        ctx = _Ctx(normalize(text), expected, known)
        for extractor in _EXTRACTORS:
            extractor(ctx, ex)
        _finish(ctx, ex)
    except Exception:  # pragma: no cover - extraction must never break the conversation
        return Extraction()
    return ex


def validate_value(key: str, value: Any) -> Optional[str]:
    """A short polite Chinese description of an impossible value, or None when fine."""
    if value is None:
        return None
    if key in ("account_count", "pi_count", "pi_per_account"):
        return _validate_count(key, value)
    if key in MONEY_FACTS:
        return _validate_money(value)
    if key in BOOLEAN_FACTS and not isinstance(value, bool):
        return "这一项只能回答“是”或“不是”（也可以说不清楚）。"
    if key in ENUM_FACTS and value not in ENUM_FACTS[key]:
        return "这个回答我没能对应到选项，麻烦换个说法再说一次。"
    if key == "pi_kinds":
        if not isinstance(value, (list, tuple, set)) or any(v not in PI_KINDS for v in value):
            return "信息种类我没能识别，麻烦举例说一下，比如手机号、身份证号、病历、聊天记录。"
    return None


def _validate_count(key: str, value: Any) -> Optional[str]:
    what = "账号数量" if key == "account_count" else "人数/条数"
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{what}需要是一个整数，麻烦再说一下大概是多少。"
    if value < 0:
        return f"{what}不能是负数，麻烦再确认一下。"
    if key == "account_count" and value == 0:
        return "账号数量至少是1个，麻烦再确认一下。"
    if key == "account_count" and value > MAX_ACCOUNTS:
        return "超过10万个账号不太可能，麻烦再确认一下数量。"
    if value > MAX_PI:
        return "超过10亿条个人信息不太可能，麻烦再核实一下数字。"
    return None


def _validate_money(value: Any) -> Optional[str]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return "金额需要是一个数字，比如“50万”或“3000元”。"
    if value < 0:
        return "金额不能是负数，麻烦再确认一下。"
    if value > MAX_MONEY:
        return "金额超过100亿元不太可能，麻烦再确认一下。"
    return None


# ---------------------------------------------------------------------------
# Helpers for cue handling
# ---------------------------------------------------------------------------

def _negated(ctx: _Ctx, start: int, match_text: str = "", window: int = 7) -> bool:
    left = ctx.left(start, window)
    parts = CONTRAST_RE.split(left)
    left = parts[-1] if parts else left
    return bool(NEGATION_RE.search(A_NOT_A_RE.sub("", left + match_text)))


def _is_question(ctx: _Ctx, end: int) -> bool:
    if A_NOT_A_RE.search(ctx.left(end, 12)):
        return True
    return bool(QUESTION_RIGHT_RE.match(ctx.right(end, 6)))


def _unknown_about(ctx: _Ctx, start: int, end: int) -> bool:
    if UNKNOWN_LEFT_RE.search(ctx.left(start, 12)):
        return True
    return bool(UNKNOWN_RIGHT_RE.match(ctx.text[end:end + 14]))


def _drop_nested(hits):
    """Drop hits lying inside a longer hit (网上认识的 beats 认识)."""
    hits = sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    for h in hits:
        if any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in out):
            continue
        out.append(h)
    return out


def _set(ex: Extraction, key: str, value: Any) -> None:
    ex.facts[key] = value
    ex.unknown.discard(key)


# ---------------------------------------------------------------------------
# Extractors: one per fact (or group of facts)
# ---------------------------------------------------------------------------

def _extract_platform(ctx: _Ctx, ex: Extraction) -> None:
    mentions = []
    for m in PLATFORM_RE.finditer(ctx.text):
        word, start, end = m.group(), m.start(), m.end()
        if _rx(r"(?:不是|并非|而非|而不是)$").search(ctx.left(start, 4)):
            continue
        strength = 0 if word in WEAK_PLATFORM_WORDS else 1
        if (_rx("^" + PLATFORM_CHANNEL_AFTER).match(ctx.text[end:end + 4]) and not word.endswith("号")) \
                or _rx(PLATFORM_CHANNEL_BEFORE).search(ctx.left(start, 4)):
            mentions.append((-1, start, _PLATFORM_OF[word]))   # a contact/payment channel: last resort
            continue
        if word.endswith("号") or _rx(r"^\s*(?:号|账号|帐号|店)").match(ctx.text[end:end + 3]) \
                or _rx(r"[0-9一二两三四五六七八九十几]\s*[个台]?\s*$").search(ctx.left(start, 3)):
            strength += 1
        mentions.append((strength, start, _PLATFORM_OF[word]))
    if not mentions:
        return
    best = max(s for s, _, _ in mentions)
    strongest = [(start, p) for s, start, p in mentions if s == best]
    platform = strongest[-1][1] if _rx(r"不对|不是|其实|改成|更正").search(ctx.text) else strongest[0][1]
    _set(ex, "platform", platform)
    others = sorted({p for _, p in strongest if p != platform})
    if others and best >= 0:
        ex.notes.append("提到了不止一个平台，先按第一个平台记录，可以随时更正")


def _extract_account_kind(ctx: _Ctx, ex: Extraction) -> None:
    for m in ACCOUNT_KIND_RE.finditer(ctx.text):
        if _rx(r"(?:不是|并非|而非)$").search(ctx.left(m.start(), 4)):
            continue
        _set(ex, "account_kind", _KIND_OF[m.group()])


def _role_hits(ctx: _Ctx, patterns, self_check: bool) -> List[int]:
    hits = []
    for pattern in patterns:
        for m in _rx(pattern).finditer(ctx.text):
            if self_check and "我" not in m.group() \
                    and _rx(_THIRD + r"[^，。？！我]{0,4}$").search(ctx.left(m.start(), 8)):
                continue
            if ctx.hypothetical(m.start()) and not m.group().startswith("我是"):
                continue
            hits.append(m.start())
    return hits


def _extract_role(ctx: _Ctx, ex: Extraction) -> None:
    if _role_hits(ctx, ROLE_OTHER_CUES, self_check=False):
        _set(ex, "role", "other")
        return
    for i, pattern in enumerate(ROLE_INTERMEDIARY_CUES):
        for m in _rx(pattern).finditer(ctx.text):
            if i == 1 and (_rx(ROLE_NOT_SELF_LEFT).search(ctx.left(m.start(), 8))
                           or (m.group() in ("号商", "中介", "工作室")
                               and _rx(ROLE_NOT_SELF_RIGHT).match(ctx.text[m.end():m.end() + 3]))):
                continue
            _set(ex, "role", "intermediary")
            return
    seller = 2 * len(_role_hits(ctx, ROLE_SELLER_CUES, True)) + len(_role_hits(ctx, ROLE_SELLER_THIRD_CUES, False))
    buyer = 2 * len(_role_hits(ctx, ROLE_BUYER_CUES, True)) + len(_role_hits(ctx, ROLE_BUYER_THIRD_CUES, False))
    if _rx(r"我是(?:卖家|卖方|卖的|卖号的)|我是卖(?=$|[，。！？\s])").search(ctx.text):
        seller += 10
    if _rx(r"我是(?:买家|买方|买的|买号的)|我是买(?=$|[，。！？\s])").search(ctx.text):
        buyer += 10
    if seller > buyer:
        _set(ex, "role", "seller")
    elif buyer > seller:
        _set(ex, "role", "buyer")
    elif ctx.expected == "role":
        _bare_role(ctx, ex)


def _bare_role(ctx: _Ctx, ex: Extraction) -> None:
    answer = _short_answer(ctx.text)
    for role, pattern in ROLE_BARE_ANSWERS.items():
        if _rx(f"^(?:{pattern})$").match(answer):
            _set(ex, "role", role)
            return


def _extract_status(ctx: _Ctx, ex: Extraction) -> None:
    found = set()
    for status, pattern in STATUS_CUES.items():
        for m in _rx(pattern).finditer(ctx.text):
            if ctx.hypothetical(m.start()) and status != "planned":
                continue
            if status == "signed" and (_rx(STATUS_SIGNED_BLOCK_LEFT).search(ctx.left(m.start(), 3))):
                continue
            if status == "performed" and _rx(STATUS_PERFORMED_BLOCK_LEFT).search(ctx.left(m.start(), 12)):
                status = "planned"          # 我想把号卖了 is a plan
            found.add(status)
    for status in STATUS_ORDER:
        if status in found:
            _set(ex, "status", status)
            return


def _extract_buyer_purpose(ctx: _Ctx, ex: Extraction) -> None:
    for purpose, pattern in BUYER_PURPOSE_CUES:
        for m in _rx(pattern).finditer(ctx.text):
            if purpose != "unknown" and _negated(ctx, m.start(), window=5):
                continue
            if purpose == "resale" and not _rx(ROLE_NOT_SELF_LEFT).search(ctx.left(m.start(), 10)) \
                    and ex.facts.get("role") == "intermediary":
                continue     # the user's own reselling is their role, not the buyer's purpose
            _set(ex, "buyer_purpose", purpose)
            return
    for m in BUYER_TRADE_RE.finditer(ctx.text):
        trade = m.group(1)
        if _rx(r"什么|啥|哪|这|那").search(trade) or _negated(ctx, m.start(), window=4):
            continue
        _set(ex, "buyer_purpose", "same_business")
        return


def _extract_pi_kinds(ctx: _Ctx, ex: Extraction) -> None:
    kinds = []
    for m in PI_KIND_RE.finditer(ctx.text):
        word, start, end = m.group(), m.start(), m.end()
        kind = _PI_KIND_OF[word]
        if kind in OWN_DATA_KINDS and _own_data(ctx, start, end):
            continue
        if _rx(PI_NOT_AFTER).search(ctx.left(start, 1)):
            continue
        if _negated(ctx, start, window=5) or _is_question(ctx, end) and not _rx(r"有$").search(ctx.left(start, 1)):
            continue
        if kind not in kinds:
            kinds.append(kind)
    if kinds:
        _set(ex, "pi_kinds", [k for k in PI_KINDS if k in kinds])


SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")


def sentence_around(text: str, start: int, end: Optional[int] = None) -> str:
    """The sentence (between 。！？； or line breaks) holding text[start:end]."""
    left = max((m.end() for m in SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    right = SENTENCE_END_RE.search(text, start if end is None else end)
    return text[left:right.start() if right else len(text)]


def own_data_mention(text: str, start: int, end: int) -> bool:
    """Whether the ID card / bank card / phone number at text[start:end] is the account
    holder's own ("我身份证实名的", "是实名的，卖家的身份证"), not third parties' data."""
    return _own_data(_Ctx(text, None, {}), start, end)


def _own_data(ctx: _Ctx, start: int, end: int) -> bool:
    return bool(_rx(PI_OWN_LEFT).search(ctx.left(start, 10)) or _rx(PI_OWN_RIGHT).match(ctx.text[end:end + 3])
                or _real_name_sentence(ctx, start))


def _real_name_sentence(ctx: _Ctx, pos: int) -> bool:
    """"是实名的，卖家的身份证": an ID in a sentence about real-name verification that names
    no third parties is the account holder's own."""
    sentence = sentence_around(ctx.text, pos)
    return bool(_rx(r"实名|认证|刷脸|人脸").search(sentence)) and not _rx(PI_HOLDER_NOUNS).search(sentence)


def _extract_booleans(ctx: _Ctx, ex: Extraction) -> None:
    for fact, cues in BOOL_CUES.items():
        hits = []
        for pattern, value in cues:
            for m in _rx(pattern).finditer(ctx.text):
                hits.append((m.start(), m.end(), value, m.group()))
        value = None
        for start, end, cue_value, matched in _drop_nested(hits):
            if not _bool_hit_allowed(ctx, fact, start, end, cue_value):
                continue
            if fact != "obtained_in_service" and (_unknown_about(ctx, start, end)
                                                  or MIXED_RE.search(ctx.clause_text(start))):
                ex.unknown.add(fact)
                value = None
                continue
            if ctx.hypothetical(start) or (cue_value and _is_question(ctx, end)):
                continue
            negated = _cue_negated(ctx, fact, start, matched, cue_value)
            if negated is not None:
                value = cue_value ^ negated
        if value is not None:
            _set(ex, fact, value)


def _cue_negated(ctx: _Ctx, fact: str, start: int, matched: str, cue_value: bool) -> Optional[bool]:
    """Whether the cue is negated; None when the hit says nothing about the fact."""
    if fact == "obtained_in_service" and cue_value:
        if _rx(NOUN_NEGATION_LEFT).search(ctx.left(start, 5)):
            return True
        if _rx(r"(?:没有|没|无)$").search(ctx.left(start, 2)):
            # 没有客户 → the friends are not clients; 没有客户资料 says nothing about that
            return None if _rx(r"^(?:资料|信息|档案|的)").match(ctx.text[start + len(matched):]) else True
        return False
    return _negated(ctx, start, matched if cue_value else "")


def _bool_hit_allowed(ctx: _Ctx, fact: str, start: int, end: int, value: bool) -> bool:
    if fact == "consent" and value:
        if _rx(CONSENT_OTHER_LEFT).search(ctx.left(start, 4)):
            return False
        clause = ctx.clause_text(start)
        return bool(_rx(CONSENT_SUBJECTS).search(clause) or _rx(CONSENT_PHRASES).search(clause)
                    or ctx.expected == "consent")
    if fact == "real_name" and _rx(r"(?:帮|代|替)[^，。？！]{0,3}$|(?:要|只要|必须是?|需要|只收)$").search(
            ctx.left(start, 4)):
        return False    # 帮人实名 / 要实名的号: a buyer's demand, not the account's status
    return True


def _extract_third_party_pi(ctx: _Ctx, ex: Extraction) -> None:
    value = None
    for pattern in THIRD_PARTY_PI_FALSE:
        for m in _rx(pattern).finditer(ctx.text):
            if not ctx.hypothetical(m.start()):
                value = False
    for pattern in THIRD_PARTY_PI_TRUE:
        for m in _rx(pattern).finditer(ctx.text):
            if not (_negated(ctx, m.start(), m.group()) or ctx.hypothetical(m.start())
                    or _is_question(ctx, m.end())):
                value = True
    if value is not None:
        _set(ex, "third_party_pi", value)


# --- numbers ------------------------------------------------------------------

def _number_kind(ctx: _Ctx, n: QuantityMatch) -> Optional[str]:
    """'account', 'pi', 'money', 'skip' (not a count we use) or None (bare number)."""
    right = ctx.masked[n.end:n.end + 14]
    left = ctx.left(n.start, 10)
    if _rx(NEGATED_NUMBER_LEFT).search(left) or _rx(r"(?:其中|第)$").search(left):
        return "skip"
    if n.currency:
        return "money"
    if _ACCOUNT_RIGHT_RE.match(right):
        return "account"
    pi = _PI_RIGHT_RE.match(right)
    if pi:
        if pi.group("noun") in ("人", "朋友", "条", "份") and not _pi_person_ok(ctx, n):
            return "skip"
        return "pi"
    if _rx(NOT_A_COUNT_RIGHT).match(right):
        return "skip"
    if _per_account_money(ctx, n):
        return "money"
    if _money_role(ctx, n) and (n.has_unit or n.quantity.value >= 100):
        return "money"
    if _rx(r"^\s*(?:个|台)?\s*(?:$|[，。？！,.!?\s])").match(right) and _ACCOUNT_LEFT_RE.search(left):
        return "account"
    if _rx(r"^\s*(?:个|位|多|人)?\s*(?:左右|上下|出头|以上)?\s*(?:$|[，。？！,.!?\s])").match(right) \
            and _PI_LEFT_RE.search(left):
        return "pi"
    if ctx.expected not in COUNT_FACTS and _rx(r"[万亿wk千]").search(ctx.masked[n.start:n.end]) \
            and _rx(r"^\s*(?:左右|上下)?\s*(?:$|[，。？！,.!?\s])").match(right):
        return "money"          # a lone "50万" in a sale story: an amount whose role is unclear
    return None


def _per_account_money(ctx: _Ctx, n: QuantityMatch) -> bool:
    """"一个号300" / "1w5一个" in a message about prices: a price per account."""
    left = ctx.left(n.start, 6)
    right = ctx.masked[n.end:n.end + 6]
    framed = _rx(PER_ACCOUNT_MONEY_LEFT).search(left) or _rx(PER_ACCOUNT_MONEY_RIGHT).match(right)
    if not framed or ctx.expected in COUNT_FACTS:
        return False
    # "一个号3万" needs no money word: a count of people would have a noun after it. A bare
    # "一个号8000" is a price once the people are counted elsewhere (in the message or before).
    return bool(n.currency or _rx(MONEY_CONTEXT).search(ctx.text)
                or (n.has_unit and n.quantity.value >= 1000)
                or (n.quantity.value >= 100 and _people_counted(ctx, n)))


def _people_counted(ctx: _Ctx, n: QuantityMatch) -> bool:
    return ctx.known.get("pi_count") is not None or any(
        other is not n and _PI_RIGHT_RE.match(ctx.masked[other.end:other.end + 14]) for other in ctx.numbers)


def _pi_person_ok(ctx: _Ctx, n: QuantityMatch) -> bool:
    if ctx.expected in ("pi_count", "pi_per_account") or n.quantity.value >= 100:
        return True
    return bool(_rx(PI_PERSON_CONTEXT).search(ctx.clause_text(n.start)))


def _money_role(ctx: _Ctx, n: QuantityMatch) -> Optional[str]:
    """price / paid / unpaid from the nearest cue around an amount, or None."""
    start, _ = ctx.clause_at(n.start)
    prev_end = max([m.end for m in ctx.numbers if m.end <= n.start] + [start])
    left = ctx.text[prev_end:n.start]
    best = None
    for role, pattern in MONEY_CUES.items():
        for m in _rx(pattern).finditer(left):
            gap = _rx(r"[了的是有约大概差不多将近人民币¥￥\s我他她对方给]").sub("", left[m.end():])
            distance = len(gap)
            if best is None or distance < best[0] or (distance == best[0] and m.end() > best[2]):
                best = (distance, role, m.end())
    right = ctx.text[n.end:n.end + 8]
    for role, pattern in MONEY_RIGHT_CUES.items():
        if _rx(pattern).match(right) and (best is None or best[0] > 0):
            return role
    if best is not None and best[0] <= 6:
        return best[1]
    return None


def _classify_numbers(ctx: _Ctx):
    out = []
    for i, n in enumerate(ctx.numbers):
        out.append((i, n, _number_kind(ctx, n)))
    return out


def _extract_numbers(ctx: _Ctx, ex: Extraction) -> None:
    classified = _classify_numbers(ctx)
    _accounts(ctx, ex, [(i, n) for i, n, k in classified if k == "account"])
    _pi_counts(ctx, ex, [(i, n) for i, n, k in classified if k == "pi"])
    _money(ctx, ex, [(i, n) for i, n, k in classified if k == "money"])
    bare = [(i, n) for i, n, k in classified if k is None and i not in ctx.used_numbers]
    _expected_number(ctx, ex, bare, classified)


def _accounts(ctx: _Ctx, ex: Extraction, found) -> None:
    values = []
    for i, n in found:
        after = ctx.masked[n.end:n.end + 10]
        per_account_frame = n.quantity.value == 1 and _rx(
            r"^\s*个\s*(?:" + PLATFORM_ALT + r")?\s*" + ACCOUNT_NOUN + r"?\s*(?:上|里)?(?:都)?(?:有|加了)?\s*"
            r"(?:大概|约|差不多)?\s*[0-9一二两三四五六七八九十几]").match(after)
        if per_account_frame or _rx(r"每$").search(ctx.left(n.start, 1)):
            continue
        ctx.used_numbers.add(i)
        values.append(n.quantity)
    if not values:
        _single_account(ctx, ex)
        return
    q = values[0]
    _set(ex, "account_count", q.value)
    ex.quantities["account_count"] = q
    if q.low != q.high:
        ex.notes.append(f"账号数按{format_count(q.value)}个估算")
    if len({v.value for v in values}) > 1:
        ex.notes.append("提到了几个不同的账号数量，先按第一个记录，可以随时更正")


def _single_account(ctx: _Ctx, ex: Extraction) -> None:
    """"买了个抖音号" / "卖了个号": the bare measure word after a trade verb means one account."""
    if _rx(r"(?:买|卖|收|出|转让?|盘|租)了个\s*(?:" + PLATFORM_ALT + r")?\s*" + ACCOUNT_NOUN).search(ctx.masked):
        _set(ex, "account_count", 1)


def _per_account(ctx: _Ctx, n: QuantityMatch) -> bool:
    start, _ = ctx.clause_at(n.start)
    left = ctx.text[start:n.start]
    per = [m.end() for m in _rx(PER_ACCOUNT_LEFT).finditer(left)]
    total = [m.end() for m in _rx(TOTAL_LEFT).finditer(left)]
    if not per:
        return False
    return not total or max(per) > max(total)


def _pi_counts(ctx: _Ctx, ex: Extraction, found) -> None:
    if not found:
        return
    i, n = found[0]
    for j, _ in found:
        ctx.used_numbers.add(j)
    q = n.quantity
    if _per_account(ctx, n) or ctx.expected == "pi_per_account":
        _per_account_total(ctx, ex, q)
        return
    _set(ex, "pi_count", q.value)
    ex.quantities["pi_count"] = q
    if q.low != q.high:
        records = _rx(r"^\s*(?:多)?(?:条|份)").match(ctx.masked[n.end:n.end + 3])
        ex.notes.append(f"{'条数' if records else '人数'}按{format_count(q.value)}估算")
    kind = _pi_kind_after(ctx, n)
    if kind:
        ex.facts.setdefault("pi_counts", {})[kind] = q.value


def _pi_kind_after(ctx: _Ctx, n: QuantityMatch) -> Optional[str]:
    m = _rx(r"^\s*(?:条|份|个)\s*(?:的)?(?:" + _alternation(_PI_KIND_OF) + ")").match(ctx.text[n.end:n.end + 12])
    if not m:
        return None
    word = PI_KIND_RE.search(m.group())
    return _PI_KIND_OF[word.group()] if word else None


def _per_account_total(ctx: _Ctx, ex: Extraction, per: Quantity) -> None:
    ex.quantities["pi_per_account"] = per
    count = ex.facts.get("account_count", ctx.known.get("account_count"))
    if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
        ex.notes.append(f"每个号约{format_count(per.value)}人，知道账号数后再算总数")
        return
    total = Quantity(value=count * per.value, low=count * per.low, high=count * per.high,
                     approximate=per.approximate or per.low != per.high)
    _set(ex, "pi_count", total.value)
    ex.quantities["pi_count"] = total
    about = "约" if total.approximate else ""
    ex.notes.append(f"好友/客户人数按{count}个号×每个{about}{format_count(per.value)}人估算，"
                    f"共{about}{format_count(total.value)}人")


def _money(ctx: _Ctx, ex: Extraction, found) -> None:
    unlabelled = []
    for i, n in found:
        ctx.used_numbers.add(i)
        q = money_quantity(n)
        if _per_account_money(ctx, n):
            _per_account_price(ctx, ex, q)
            continue
        role = _money_role(ctx, n) or (ctx.expected if ctx.expected in MONEY_FACTS else None)
        if role == "spent":             # 花了1800: paid, and the price unless one is given
            if "price" not in ex.quantities and "price" not in _money_roles_in(ctx, found):
                ex.quantities["price"] = q
                _set(ex, "price", q.value)
            role = "paid"
        if role is None:
            unlabelled.append(q)
            continue
        if role in ex.quantities:
            continue
        ex.quantities[role] = q
        if role != "unpaid":
            _set(ex, role, q.value)
        if q.note:
            ex.notes.append(f"{FACT_LABELS[role]}{q.note}")
    if unlabelled and "price" not in ex.quantities and "paid" not in ex.quantities \
            and "unpaid" not in ex.quantities and _rx(r"卖|买|转让|出售|价|收购").search(ctx.text):
        q = unlabelled[0]
        ex.quantities["price"] = q
        _set(ex, "price", q.value)
        if q.note:
            ex.notes.append(f"价格{q.note}")


def _money_roles_in(ctx: _Ctx, found) -> Set[str]:
    return {_money_role(ctx, n) for _, n in found}


def _per_account_price(ctx: _Ctx, ex: Extraction, per: Quantity) -> None:
    if "price_per_account" in ex.quantities:
        return
    ex.quantities["price_per_account"] = per
    count = ex.facts.get("account_count", ctx.known.get("account_count"))
    if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
        ex.notes.append(f"每个号{format_rmb(per.value)}，知道账号数后再算总价")
        return
    if "price" in ex.quantities:
        return
    total = Quantity(count * per.value, count * per.low, count * per.high, per.approximate)
    ex.quantities["price"] = total
    _set(ex, "price", total.value)
    ex.notes.append(f"总价按{count}个号×每个{format_rmb(per.value)}估算，共{format_rmb(total.value)}")


def _expected_number(ctx: _Ctx, ex: Extraction, bare, classified) -> None:
    expected = ctx.expected
    if expected not in COUNT_FACTS + MONEY_FACTS:
        return
    fact = "pi_count" if expected == "pi_per_account" else expected
    if fact in ex.facts or fact in ex.quantities:
        return
    if expected in MONEY_FACTS:
        pool = bare or [(i, n) for i, n, k in classified if k == "money"]
        if pool:
            _money(ctx, ex, pool[:1])
        return
    if not bare:
        if expected in ("pi_count", "pi_per_account") and _rx(r"^(?:没有|没|无|零|0)(?:好友|人)?$").match(
                _short_answer(ctx.text)):
            _set(ex, "pi_count", 0)
        return
    i, n = bare[0]
    ctx.used_numbers.add(i)
    if expected == "account_count":
        _accounts(ctx, ex, [(i, n)])
    elif expected == "pi_per_account" or _per_account(ctx, n):
        _per_account_total(ctx, ex, n.quantity)
    else:
        _pi_counts(ctx, ex, [(i, n)])


# --- expected answers -------------------------------------------------------

def _short_answer(text: str) -> str:
    """The first clause without punctuation, particles and (unless it is all) emoji."""
    first = _rx(r"[，,。.!！?？;；\n]").split(text.strip(), maxsplit=1)[0]
    answer = _SHORT_STRIP_RE.sub("", first).strip()
    if answer in YES_WORDS or answer in NO_WORDS:
        return answer
    plain = "".join(c for c in answer if not _is_symbol(c))
    return _SHORT_STRIP_RE.sub("", plain).strip() or answer


def off_topic_answer(text: str) -> bool:
    """"没付钱" to a yes/no question about the account: a no to something else."""
    answer = _short_answer(text)
    return answer not in YES_WORDS + NO_WORDS and bool(ECHO_OFF_TOPIC_RE.search(answer))


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cs", "Cf", "Mn") or char in "\ufe0f\u200d"


def _extract_expected(ctx: _Ctx, ex: Extraction) -> None:
    expected = ctx.expected
    if not expected or expected in ex.facts:
        return
    answer = _short_answer(ctx.text)
    if expected in BOOLEAN_FACTS:
        if MIXED_RE.search(ctx.text):
            ex.unknown.add(expected)
            ex.notes.append("部分是、部分不是，先按“不确定”记录")
            return
        if answer in YES_WORDS or _rx(r"^[嗯恩]+$").match(answer):
            _set(ex, expected, True)
            return
        if answer in CORRECTION_WORDS and set(ex.facts) - {"third_party_pi"}:
            ex.correction = True
            return
        if answer in NO_WORDS or (expected == "consent" and NOT_ASKED_RE.match(answer)):
            _set(ex, expected, False)
            return
        if not UNKNOWN_RE.search(answer) and not set(ex.facts) - {"third_party_pi"} \
                and not off_topic_answer(answer):
            if NO_ECHO_RE.match(answer):
                _set(ex, expected, False)
                return
            if YES_ECHO_RE.match(answer) and not ECHO_BLOCK_RE.search(answer):
                _set(ex, expected, True)
                return
    people = _rx(r"粉丝|关注者|好友|联系人|客户|群成员|会员").search(ctx.text)
    if expected == "pi_kinds" and people and not _negated(ctx, people.start()):
        # "就是粉丝" / "只有好友": who they are, with no particular kind of data named
        _set(ex, "pi_kinds", ["other"])
        return
    said_other = bool(set(ex.facts) - {"third_party_pi"} or ex.unknown)
    only_unknown = _rx(r"^(?:我|这个|这|那个|这个我)?(?:也|还|真|确实)?(?:" + UNKNOWN_WORDS + r")"
                       r"(?:了|啊|呢|哦|耶|诶|呀|诶|欸|这个|具体)*$").match(answer)
    if UNKNOWN_RE.search(ctx.text) and (not said_other or only_unknown):
        if expected == "buyer_purpose":
            _set(ex, "buyer_purpose", "unknown")
        elif expected == "pi_per_account":
            ex.unknown.add("pi_count")
        else:
            ex.unknown.add(expected)


def _finish(ctx: _Ctx, ex: Extraction) -> None:
    facts = ex.facts
    _derive_money(ctx, ex)
    if facts.get("pi_kinds") or (isinstance(facts.get("pi_count"), int) and facts["pi_count"] > 0) \
            or "pi_per_account" in ex.quantities:
        facts["third_party_pi"] = True
        ex.unknown.discard("third_party_pi")
    for key in list(facts):
        problem = validate_value(key, facts[key])
        if problem:
            ex.problems[key] = problem
            del facts[key]
    for key, q in list(ex.quantities.items()):
        if key in ("unpaid", "pi_per_account"):
            problem = validate_value(key, q.value)
            if problem:
                ex.problems[key] = problem
                del ex.quantities[key]
    if isinstance(facts.get("price"), (int, float)) and isinstance(facts.get("paid"), (int, float)) \
            and facts["paid"] > facts["price"]:
        ex.notes.append("已付金额比总价还高，麻烦再核对一下")
    ex.notes[:] = list(dict.fromkeys(ex.notes))


def _derive_money(ctx: _Ctx, ex: Extraction) -> None:
    q = ex.quantities
    if "paid" not in q and "price" in q and _rx(PAID_HALF).search(ctx.text):
        half = q["price"].value // 2
        q["paid"] = Quantity(half, q["price"].low // 2, q["price"].high // 2, True)
        _set(ex, "paid", half)
        ex.notes.append(f"已付款按总价的一半、约{format_rmb(half)}计算")
    if "price" in q or "unpaid" not in q:
        return
    if "paid" not in q:
        paid = ctx.known.get("paid")
        if isinstance(paid, bool) or not isinstance(paid, (int, float)):
            return
        q["paid"] = Quantity(int(paid), int(paid), int(paid))
    total = q["paid"].value + q["unpaid"].value
    _set(ex, "price", total)
    ex.quantities["price"] = Quantity(total, q["paid"].low + q["unpaid"].low,
                                      q["paid"].high + q["unpaid"].high,
                                      q["paid"].approximate or q["unpaid"].approximate)
    ex.notes.append(f"总价按已付{format_rmb(q['paid'].value)}＋未付{format_rmb(q['unpaid'].value)}"
                    f"＝{format_rmb(total)}计算")


_EXTRACTORS = (
    _extract_platform,
    _extract_account_kind,
    _extract_role,
    _extract_status,
    _extract_buyer_purpose,
    _extract_pi_kinds,
    _extract_booleans,
    _extract_third_party_pi,
    _extract_numbers,
    _extract_expected,
)
