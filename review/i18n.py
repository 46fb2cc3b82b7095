"""The workbench's labels: Chinese (the reviewers' language) first, English on request.

Labels are looked up by key, so a template never holds a bare string and a label
missing in one language fails a test instead of showing an empty button.
"""
from __future__ import annotations

import re
from collections.abc import Callable

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

LABELS: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("犯罪记录封存复核", "Sealing review"),
    "switch_language": ("English", "中文"),
    "signed_in_as": ("当前账号", "Signed in as"),
    "sign_out": ("退出", "Sign out"),
    "sign_in": ("登录", "Sign in"),
    "account": ("账号", "Account"),
    "password": ("密码", "Password"),
    "sign_in_failed": ("账号或密码错误，或账号已被暂时锁定",
                       "Wrong account or password, or the account is locked for now"),
    "session_expired": ("请重新登录", "Please sign in again"),
    "form_expired": ("表单已过期，请重试", "The form expired; please try again"),
    "keyboard_help": ("快捷键：A 批准　C 更正　R 驳回（Ctrl+Enter 提交）　U 撤销　S 跳过　L 认领　J 下一条　K 上一条　F 整页　Q 队列",
                      "Keys: A approve · C correct · R reject (Ctrl+Enter sends) · U undo · S skip · L claim · "
                      "J next · K previous · F whole page · Q queue"),
    # queue
    "queue": ("复核队列", "Review queue"),
    "open_items": ("待复核事项", "Open items"),
    "dossiers_waiting": ("待复核卷宗", "Dossiers waiting"),
    "overdue_dossiers": ("已逾期卷宗", "Overdue dossiers"),
    "resolved_items": ("已处理事项", "Resolved items"),
    "court": ("法院", "Court"),
    "reason": ("原因", "Reason"),
    "status": ("状态", "Status"),
    "all": ("全部", "All"),
    "filter": ("筛选", "Filter"),
    "dossier": ("卷宗", "Dossier"),
    "person": ("当事人", "Person"),
    "field": ("事项", "Field"),
    "sealing_due": ("封存期限", "Sealing due"),
    "overdue_by": ("逾期{days}天", "{days} days overdue"),
    "no_due_date": ("未定", "not known"),
    "search": ("搜索", "Search"),
    "search_label": ("案号或姓名", "Case number or name"),
    "search_case_label": ("案号", "Case number"),
    "search_found": ("找到{n}条", "{n} found"),
    "search_clear": ("清除搜索", "Clear the search"),
    "batch_approval": ("批量批准", "Batch approval"),
    "batch_this_reason": ("批量批准此原因的事项", "Approve the items of this reason in a batch"),
    "batch_help": ("逐行核对原文与对照，取消勾选有误的事项，再批准所选", "Check each row against its evidence, untick what is wrong, then approve the ticked items"),
    "approve_ticked": ("批准所选事项", "Approve the ticked items"),
    "batch_done": ("已批准{n}项", "{n} approved"),
    "batch_refused": ("{n}项未批准（已被处理或须另一名审查人员复核）", "{n} not approved (answered meanwhile or needing another reviewer)"),
    "queue_empty": ("没有符合条件的事项", "No items match"),
    "open_inquiries": ("待答复查询", "Open inquiries"),
    "open_unsealing_cases": ("待决解封案件", "Open unsealing cases"),
    "inquiry": ("查询编号", "Inquiry"),
    "requester_kind": ("申请人类别", "Requester"),
    "requester_judicial": ("司法机关", "judicial authority"),
    "requester_unit": ("有关单位", "unit"),
    "requester_statutory_unit": ("依法律另有规定查询的单位", "unit entitled by statute"),
    "requester_defence_lawyer": ("辩护律师", "defence lawyer"),
    "answer_due": ("答复期限", "Answer due"),
    "days_left": ("剩余{days}天", "{days} days left"),
    "unsealing_case": ("解封案件", "Unsealing case"),
    "sealed_dossier": ("封存卷宗", "Sealed dossier"),
    "new_dossier": ("新卷宗", "New dossier"),
    "proposed": ("建议", "Proposed"),
    "proposed_unseal": ("解除封存", "unseal"),
    "proposed_keep_sealed_state_prior_record": ("维持封存，新判决应载明前科", "keep sealed, state the prior record"),
    "proposed_review": ("需人工判断", "needs a reviewer"),
    # statuses
    "status_open": ("待复核", "open"),
    "status_approved": ("已批准", "approved"),
    "status_corrected": ("已更正", "corrected"),
    "status_rejected": ("已驳回", "rejected"),
    # item page
    "item": ("复核事项", "Review item"),
    "why_flagged": ("标记原因", "Why it was flagged"),
    "extracted_value": ("识别结果", "Extracted value"),
    "current_value": ("现值（含复核更正）", "Current value (with corrections)"),
    "confidence": ("置信度", "Confidence"),
    "id_birth_date": ("公民身份号码所载出生日期", "Birth date inside the ID number"),
    "evidence": ("卷宗原文", "Evidence in the file"),
    "page": ("第{page}页", "page {page}"),
    "whole_page": ("查看整页", "Whole page"),
    "no_evidence": ("卷宗中未找到该事项的原文；请查阅整页", "Nothing was read for this field; look at the pages"),
    "changes_decision": ("影响的决定", "Decision it changes"),
    "dossier_level": ("整个卷宗（输出文件）", "the whole dossier (its outputs)"),
    "current_outcome": ("当前结论", "Current outcome"),
    "rules": ("适用规则", "Rules"),
    "approve": ("批准", "Approve"),
    "correct": ("更正", "Correct"),
    "reject": ("驳回", "Reject"),
    "comment": ("意见", "Comment"),
    "comment_required": ("驳回须填写意见", "A rejection needs a comment"),
    "second_reviewer_required": ("该决定须由另一名审查人员复核", "This decision must be checked by a different reviewer"),
    "approve_needs_value": ("没有识别结果可批准，请更正或驳回", "Nothing was extracted to approve; correct or reject"),
    "not_correctable": ("该事项不能在此更正，请批准或驳回", "This field cannot be corrected here; approve or reject"),
    "resolved_by": ("处理人", "Resolved by"),
    "quarantined": ("该卷宗处理失败，已隔离，由运维人员处理",
                    "This dossier failed processing and is quarantined; operators handle it"),
    "break_glass": ("紧急调阅原件", "Break-glass access to the originals"),
    "originals_closed": ("该卷宗没有在您复核队列中的待处理事项，原件不予显示。",
                         "This dossier has no open item in your review queue, so its originals are not shown."),
    "originals_not_for_role": ("本账号角色不查看原件", "This account's role does not see originals"),
    "break_glass_reason": ("调阅理由（至少 {chars} 个字）", "Why you need the originals (at least {chars} characters)"),
    "break_glass_reason_short": ("调阅理由至少须 {chars} 个字", "The reason needs at least {chars} characters"),
    "break_glass_terms": ("调阅记入审计日志（理由加密保存），{minutes} 分钟内有效。",
                          "The access is written to the audit log (the reason sealed) and lasts {minutes} minutes."),
    "break_glass_open": ("调阅原件", "Open the originals"),
    "already_resolved": ("该事项已处理", "This item has been resolved"),
    "saved": ("已保存", "Saved"),
    "saving_in_background": ("正在后台保存", "Saving in the background"),
    "save_failed": ("保存失败", "Not saved"),
    "save_network": ("连接中断，答复未送达或结果未知", "The connection failed: the answer may not have arrived"),
    "retry": ("重试", "Retry"),
    "open_item": ("打开该事项", "Open the item"),
    "claimed_by": ("认领人", "Claimed by"),
    "held_by": ("该卷宗已由 {account} 认领，您暂不能答复", "{account} has claimed this dossier; you cannot answer it now"),
    "claimed_by_other": ("该卷宗已由另一名审查人员认领", "Another reviewer has claimed this dossier"),
    "claimed_opened": ("您正在处理该卷宗（认领至 {until}，打开其他卷宗即释放）",
                       "You are working this dossier (claimed until {until}; opening another dossier lets it go)"),
    "claimed_claimed": ("您已认领该卷宗（至 {until}，每次操作顺延）",
                        "You have claimed this dossier (until {until}, extended by each action)"),
    "claimed_assigned": ("该卷宗已指派给您", "This dossier is assigned to you"),
    "claim": ("认领", "Claim"),
    "release": ("释放", "Release"),
    "skip": ("跳过", "Skip"),
    "skipped": ("已跳过，该事项移至您的队列末尾", "Skipped: the item moved to the end of your queue"),
    "assign_to": ("指派给", "Assign to"),
    "assign": ("指派", "Assign"),
    "undo": ("撤销", "Undo"),
    "undone": ("已撤销该答复，事项重新待复核", "The answer was taken back; the item is open again"),
    "undo_not_possible": ("该更正无法撤销（原值不是确定的日期或数值），请重新复核该事项",
                          "This correction cannot be taken back (the value it replaced was not a plain value)"),
    "undo_not_yours": ("只能撤销本人的答复", "Only your own answer can be taken back"),
    "next_shown": ("下面是下一条", "the next item is shown below"),
    "outputs_written": ("已重新作出决定并生成输出文件", "Decision recomputed and outputs written"),
    "previous": ("上一条", "Previous"),
    "next": ("下一条", "Next"),
    "back_to_queue": ("返回队列", "Back to queue"),
    "back_to_item": ("返回复核事项", "Back to the item"),
    "start": ("起", "from"),
    "end": ("止", "to"),
    "source_text": ("原文", "Text in the file"),
    "months": ("刑期（月）", "term (months)"),
    "suspended": ("宣告缓刑", "suspended"),
    "probation_months": ("缓刑考验期（月）", "probation (months)"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "test_period_months": ("附条件不起诉考验期（月）", "test period of a conditional non-prosecution (months)"),
    # what the value is judged against (review.context)
    "judged_against": ("对照", "Judged against"),
    "not_in_file": ("卷宗未载明", "not in the file"),
    "adult_from": ("年满十八周岁之日", "Eighteen from"),
    "age_at_offence": ("犯罪时年龄", "Age at the offence"),
    "age_years": ("{years}周岁", "{years} years"),
    "age_range": ("{first}至{last}周岁", "{first} to {last} years"),
    "age_unknown": ("无法确定", "cannot tell"),
    "minor_yes": ("未满十八周岁", "under 18"),
    "minor_no": ("已满十八周岁", "18 or over"),
    "minor_unknown": ("跨越十八周岁生日，无法确定", "across the 18th birthday: cannot tell"),
    "file_birth_date": ("卷宗载明的出生日期", "Birth date written in the file"),
    "id_birth_invalid": ("号码所含日期无效", "the number holds no valid date"),
    "penalty_kind": ("刑种", "Kind"),
    "term": ("刑期", "Term"),
    "term_months": ("{months}个月", "{months} months"),
    "probation_of": ("缓刑考验期{months}个月", "suspended, probation {months} months"),
    "test_period_of": ("考验期{months}个月", "test period {months} months"),
    "list_separator": ("，", ", "),
    "colon": ("：", ": "),
    # the outcome of each answer, before it is given (review.decisions.preview)
    "if_approved": ("批准后的结论", "Outcome if approved"),
    "if_corrected": ("按所填更正后的结论", "Outcome with this correction"),
    "if_rejected": ("驳回后的结论", "Outcome if rejected"),
    "second_check": ("须另一名审查人员复核", "waits for a second reviewer"),
    "preview_invalid": ("所填内容无效，无法预览", "The value typed is not valid; nothing to preview"),
    # 刑种 (the contract's disposition kinds)
    "kind_fixed_term": ("有期徒刑", "fixed-term imprisonment"),
    "kind_criminal_detention": ("拘役", "criminal detention"),
    "kind_public_surveillance": ("管制", "public surveillance"),
    "kind_fine_only": ("单处罚金", "fine only"),
    "kind_deprivation_of_political_rights": ("单处剥夺政治权利", "deprivation of political rights only"),
    "kind_exempt_from_punishment": ("免予刑事处罚", "exempt from punishment"),
    "kind_non_prosecution": ("不起诉", "non-prosecution"),
    "kind_conditional_non_prosecution": ("附条件不起诉", "conditional non-prosecution"),
    "kind_acquittal": ("无罪", "acquittal"),
    "kind_life_imprisonment": ("无期徒刑", "life imprisonment"),
    "kind_death": ("死刑", "death"),
    # accounts' roles
    "account_reviewer": ("审查人员", "reviewer"),
    "account_auditor": ("审计人员", "auditor"),
    "account_operator": ("运维人员", "operator"),
    # validation (review.decisions.ValidationError keys)
    "invalid_date": ("日期格式应为 YYYY-MM-DD，且须是真实日期", "A date is YYYY-MM-DD and must exist"),
    "date_out_of_range": ("日期不在合理范围内", "The date is out of range"),
    "invalid_period": ("终止日期不能早于起始日期", "The end cannot be before the start"),
    "invalid_id_number": ("公民身份号码须为18位且校验码正确",
                          "An ID number has 18 characters with a valid check digit"),
    "invalid_number": ("须填写非负整数", "A whole number of zero or more is required"),
    "invalid_choice": ("请选择一项", "Pick one of the choices"),
    # outcomes and roles
    "outcome_seal": ("封存", "seal"),
    "outcome_not_eligible": ("不予封存", "not eligible"),
    "outcome_review": ("待复核", "review"),
    "outcome_none": ("无决定", "no decision"),
    "role_defendant": ("被告人", "defendant"),
    "role_suspect": ("犯罪嫌疑人", "suspect"),
    "role_other": ("其他", "other"),
    "main_before_18": ("十八周岁以前", "before the 18th birthday"),
    "main_after_18": ("十八周岁以后", "after the 18th birthday"),
    # fields
    "field_birth_date": ("出生日期", "Birth date"),
    "field_id_number": ("公民身份号码", "ID number"),
    "field_offence_dates": ("犯罪时间", "Offence dates"),
    "field_disposition": ("处理结果", "Disposition"),
    "field_main_conduct": ("主要犯罪行为时间", "Main conduct"),
    "field_minor_at_offence": ("犯罪时是否未成年", "Minor at the offence"),
    "field_stated_age": ("年龄", "Stated age"),
    "field_persons": ("当事人", "Persons"),
    "field_outputs": ("输出文件", "Outputs"),
    "field_dossier": ("卷宗文件", "Dossier file"),
    "field_decision": ("封存决定", "Decision"),
    "field_second_approval": ("第二名审查人员复核", "Second reviewer's check"),
    # sign-off of redacted copies (review/signoff.py)
    "nav_copies": ("待签发的删除副本", "Copies awaiting sign-off"),
    "copies_awaiting": ("待签发的删除副本", "Redacted copies awaiting sign-off"),
    "copies_explained": ("删除副本（供一般使用的副本）须逐页签发后方可发出；任何一页被退回，该副本不予发出。",
                         "A redacted copy (the copy for ordinary use) is released only when every page is "
                         "signed off; a page rejected keeps the whole copy back."),
    "copies_keyboard_help": ("快捷键：J 下一份　K 上一份　Enter 打开", "Keys: J next · K previous · Enter opens"),
    "copy_released": ("副本 {short} 已全部签发，可以发出", "Copy {short} is signed off on every page and released"),
    "copy_rejected": ("副本 {short} 已退回，不予发出", "Copy {short} was rejected and is not released"),
    "case_number": ("案号", "Case number"),
    "pages_signed": ("已签发页数", "Pages signed"),
    "registered_on": ("生成日期", "Written on"),
    "no_copies_awaiting": ("没有待签发的删除副本", "No redacted copy awaits sign-off"),
    "copies_rejected": ("已退回的删除副本", "Redacted copies rejected at sign-off"),
    "copies_rejected_explained": ("退回的副本在卷宗输出文件重新生成且内容有变（复核答复或修正后重新处理）之前不予发出；新的副本须重新签发。",
                                  "A rejected copy stays held back until the dossier's outputs are written "
                                  "again with other contents (a review answer, or reprocessing after a fix); "
                                  "the new copy needs its own sign-off."),
    "rejected_page": ("退回页", "Page rejected"),
    "reject_code": ("退回原因", "Reason for rejecting"),
    "reject_code_identifier_visible": ("仍可识别未成年人信息", "A minor can still be identified"),
    "reject_code_removed_too_much": ("删除过多", "Too much was removed"),
    "reject_code_page_damaged": ("页面不清或损坏", "The page is unreadable or damaged"),
    "reject_code_other": ("其他", "Other"),
    "signoff": ("逐页签发", "Page-by-page sign-off"),
    "back_to_copies": ("返回待签发列表", "Back to the copies"),
    "previous_page": ("上一页", "Previous page"),
    "next_page": ("下一页", "Next page"),
    "signoff_keyboard_help": ("快捷键：S 签发本页　R 退回（Ctrl+Enter 提交）　J 下一页　K 上一页　Q 返回列表",
                              "Keys: S sign this page · R reject (Ctrl+Enter sends) · J next page · "
                              "K previous page · Q back to the list"),
    "copy_state_awaiting": ("待签发", "Awaiting sign-off"),
    "copy_state_released": ("已签发", "Released"),
    "copy_state_rejected": ("已退回", "Rejected"),
    "copy_state_superseded": ("已被新副本取代", "Superseded by a newer copy"),
    "page_open": ("待签发", "Not judged yet"),
    "page_signed": ("已签发", "Signed off"),
    "page_rejected": ("已退回", "Rejected"),
    "pages_signed_of": ("已签发 {signed} / {pages} 页", "{signed} of {pages} pages signed off"),
    "redacted_copy": ("删除副本（框出删除之处）", "Redacted copy (removals outlined)"),
    "original_page": ("原件（同一位置框出）", "Original (the same places outlined)"),
    "saving_signoff": ("正在保存……", "Saving…"),
    "sign_page": ("签发本页", "Sign off this page"),
    "sign_page_explained": ("本页已核对：该删除的均已删除，其余内容可读。",
                            "I checked this page: everything that must go is gone, the rest is readable."),
    "reject_reason": ("退回理由（至少 {chars} 个字，加密保存）", "Why (at least {chars} characters; kept sealed)"),
    "reject_copy": ("退回副本", "Reject the copy"),
    "reject_explained": ("退回后整份副本不予发出，退回原因代码将显示给复核人员和操作人员。",
                         "The whole copy is then held back; reviewers and operators see the reason code."),
    "next_open_page": ("下一待签发页：第{page}页", "Next page to sign: {page}"),
    "signoff_conflict": ("该页已有结论，或副本已不在待签发状态（可能已被他人处理或已重新生成）。",
                         "This page was judged already, or the copy no longer awaits sign-off (judged by "
                         "someone else meanwhile, or written again)."),
    "signoff_reason_short": ("请写明退回理由，至少 {chars} 个字。", "Say why, in at least {chars} characters."),
    "signoff_code_unknown": ("请选择退回原因。", "Choose a reason for rejecting."),
}


def translator(language: str) -> Callable[..., str]:
    """`t("overdue_by", days=3)` in the given language; an unknown key is shown as itself
    so a half-translated screen still works, and a test catches it."""
    index = LANGUAGES.index(language) if language in LANGUAGES else 0

    def t(key: str, **values: object) -> str:
        label = LABELS.get(key)
        text = label[index] if label else key
        return text.format(**values) if values else text

    return t


def field_label_key(field_name: str) -> str:
    """The label key of a record field ("disposition.months" → the disposition's)."""
    key = "field_" + field_name.split(".", 1)[0]
    return key if key in LABELS else field_name


# A reason as the rules and the extractor write it: "birth_date: 中文（English gloss）", the prefix
# naming the field or the rule row ("R1/R9", "age-unknown").
_REASON = re.compile(r"^[\w./-]+: (?P<zh>.+)（(?P<en>[^（）]*)）$", re.DOTALL)
# Reasons the pipeline writes in English only, in Chinese.
_REASONS_ZH = {
    "no defendant or suspect was found in the file": "卷宗中未找到被告人或者犯罪嫌疑人",
    "an output failed the leak check and was discarded": "输出文件未通过泄露检查，已废弃",
}
_QUARANTINED = re.compile(r"^processing failed \((?P<kind>[^)]*)\); the file was quarantined$")


def reason_text(reason: str, language: str) -> str:
    """A review reason in one language, without its code prefix: the Chinese sentence for
    Chinese reviewers, the English gloss behind the switch."""
    english = language == "en"
    if match := _REASON.match(reason):
        return match["en"] if english else match["zh"]
    if english:
        return reason
    if _QUARANTINED.match(reason):
        return "卷宗文件处理失败，已隔离"
    return _REASONS_ZH.get(reason, reason)
