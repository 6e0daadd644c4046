"""Chinese labels for the contract's codes, as the pages show them."""

SCHEME = {
    "all": "各项社保基金",
    "enterprise_employee_pension": "企业职工基本养老保险",
    "institution_pension": "机关事业单位养老保险",
    "urban_rural_resident_pension": "城乡居民基本养老保险",
    "occupational_annuity": "职业年金",
    "land_expropriated_farmers": "被征地农民社会保障",
}
FLOW = {
    "income_total": "基金总收入",
    "contribution_income": "征缴收入",
    "fiscal_subsidy_income": "财政补助收入",
    "expenditure_total": "基金总支出",
    "benefit_payment": "待遇支出",
    "transfer_out": "上解支出",
    "other_expenditure": "其他支出",
    "balance": "累计结余",
    "arrears": "欠费",
    "government_paid_contribution": "政府代缴保费",
    "recovered_overpayment": "追回冒领资金",
}
POPULATION = {
    "all": "全部",
    "poverty": "建档立卡贫困人员",
    "hardship": "低保、特困等困难群体",
    "severe_disability": "重度残疾人",
    "fishermen": "退捕渔民",
    "land_expropriated": "被征地农民",
    "veterans": "退役军人",
}
MEASURE = {
    "insured_persons": "参保人数",
    "contributing_persons": "在职/缴费人数",
    "retired_persons": "离退休人数",
    "new_insured_persons": "新增参保",
    "insured_units": "参保单位（家）",
    "government_paid_persons": "政府代缴人数",
    "benefit_recipients": "享受待遇人数",
    "certified_persons": "资格认证人数",
}
CATEGORY = {
    "total": "合计",
    "outbound_travel": "因公出国(境)费",
    "official_vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置",
    "vehicle_operation": "公务用车运行维护",
    "official_reception": "公务接待费",
}
