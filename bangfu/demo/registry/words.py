"""Word pools of the demo registry: names, causes of poverty, phone prefixes, village features."""

from bangfu.registry.models import Cause

# Common surnames of northern Hebei, the more frequent ones repeated.
SURNAMES = (
    "王王王王李李李张张张刘刘刘赵赵杨杨孙孙高高马马于于徐周陈郭田何姜董白崔宋曹韩冯邢"
    "吕朱胡许梁宁苏齐关付金常贾魏石范侯穆佟那"
)
MALE_GIVEN = (
    "国建志海军明永春福德文学立长振树林宝贵成山东刚强伟平勇亮飞鹏磊涛浩宇俊杰博晨旭军利华庆祥"
)
FEMALE_GIVEN = "秀英兰芳玉凤桂珍霞华丽红艳梅敏静燕娟婷雪琳欣怡佳悦涵萱淑荣素云翠"

CAUSE_ORDER = tuple(Cause.values)  # the order Household.cause_list writes them in
CAUSE_WEIGHTS = {
    Cause.ILLNESS: 30,
    Cause.SKILLS: 20,
    Cause.CAPITAL: 20,
    Cause.LABOUR: 10,
    Cause.DISABILITY: 8,
    Cause.SCHOOLING: 5,
    Cause.TRANSPORT: 4,
    Cause.DISASTER: 3,
    Cause.LAND: 3,
    Cause.WATER: 3,
    Cause.DRIVE: 3,
    Cause.OTHER: 2,
}

MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 155 156 157 158 159 166 176 177 178 "
    "180 181 182 183 185 186 187 188 189 198 199"
).split()

INDUSTRIES_BY_COUNTY = {
    "130821": ("板栗", "苹果", "中药材", "肉牛养殖", "食用菌", "玉米种植"),
    "130822": ("山楂", "板栗", "苹果", "乡村旅游", "食用菌", "中药材"),
    "130825": ("肉牛养殖", "蔬菜大棚", "玉米种植", "饲草种植", "中药材", "肉羊养殖"),
    "130828": ("马铃薯种植", "肉牛养殖", "肉羊养殖", "蔬菜大棚", "饲草种植", "乡村旅游"),
    "130881": ("食用菌", "肉羊养殖", "山杏", "玉米种植", "生猪养殖", "蔬菜大棚"),
}
INDUSTRIES = (
    "玉米种植",
    "肉牛养殖",
    "肉羊养殖",
    "山楂",
    "板栗",
    "苹果",
    "食用菌",
    "中药材",
    "蔬菜大棚",
    "乡村旅游",
    "饲草种植",
    "生猪养殖",
    "杂粮种植",
    "蛋鸡养殖",
    "林下经济",
    "光伏发电",
)
RESOURCES = (
    "林地面积大，森林覆盖率高，适宜发展林下养殖和食用菌",
    "土地较平整，水源充足，适宜发展设施农业",
    "草场资源丰富，适合发展舍饲养殖和饲草种植",
    "紧邻旅游线路，自然风光优美",
    "山杏、山楂等野生果树资源丰富",
    "劳动力较充足，外出务工人员多",
    "有闲置校舍，可改建为加工车间",
    "距高速公路出口较近，交通便利",
    "村内建有光伏扶贫电站",
    "满族民俗文化资源丰富",
    "地处滦河上游，水资源保护要求高",
    "气候冷凉，适宜种植越夏蔬菜",
    "有村集体果园和养殖小区",
    "中药材种植有一定基础，种植户经验丰富",
)
TAGS = (
    "革命老区",
    "少数民族聚居",
    "生态涵养区",
    "易地扶贫搬迁",
    "旅游资源",
    "光伏扶贫",
    "边远山区",
    "水源保护区",
)
