"""Why the extractor doubts a value: the reasons its review items carry.

The reviewers read Chinese, so each reason is worded in Chinese first and English
after, through `models.rules.facts.Issue` — the type the rule engine words its own
review items with — so an item raised here and one raised by the rules read alike
in the review queue (`field: 中文（English）`). A reason never holds personal data:
the value in doubt travels in the review item's `value`, never in its reason.
"""
from __future__ import annotations

from models.rules.facts import Issue

ID_INVALID = Issue("id_number", "公民身份号码校验码错误或者所含出生日期不是有效日期",
                   "ID check digit invalid or not a real date")
ID_OCR_CONFUSION = Issue("id_number", "公民身份号码系经易混字符校正后识别，须核对原文",
                         "ID number read through an OCR confusion")
ID_UNATTACHED = Issue("id_number", "卷宗中有公民身份号码未能对应到任何当事人（当事人段落可能识别不全），可能属于该被告人",
                      "an ID number in the file belongs to no person read (a party paragraph may be garbled); "
                      "it may be this defendant's")
IDS_DISAGREE = Issue("id_number", "卷宗中载明的公民身份号码前后不一致", "two different valid ID numbers in the file")
BIRTH_DATES_DISAGREE = Issue("birth_date", "卷宗中载明的出生日期前后不一致", "birth dates in the file disagree")
ID_CONTRADICTS_BIRTH = Issue("birth_date", "公民身份号码中的出生日期与卷宗载明的出生日期不一致",
                             "ID number contradicts written birth date")
BIRTH_LOW_CONFIDENCE = Issue("birth_date", "出生日期识别置信度低", "birth date read with low confidence")
BIRTH_UNREADABLE = Issue("birth_date", "出生日期无法识别或者只载明年月", "birth date unreadable or month only")
AGE_ONLY = Issue("birth_date", "卷宗只载明年龄（“某岁”），没有出生日期", "age given without birth date")
BIRTH_NOT_FOUND = Issue("birth_date", "卷宗中未找到出生日期", "birth date not found")
OFFENCE_TOO_VAGUE = Issue("offence_dates", "犯罪时间表述笼统，无法确定在十八周岁生日之前还是之后",
                          "offence date too vague to place against the 18th birthday")
OFFENCE_LOW_CONFIDENCE = Issue("offence_dates", "犯罪时间识别置信度低", "offence date read with low confidence")
OFFENCE_NOT_FOUND = Issue("offence_dates", "卷宗中未找到犯罪时间", "offence date not found")
OFFENCE_OPEN_ENDED = Issue("offence_dates", "犯罪时间只写明起始（“……以来”“……至今”），卷内未载明到案等强制措施时间，无法确定终止时间",
                           "the offences run on from a date with no end written (\"since\"), and the file states no "
                           "measure against the person to close them")
OFFENCE_UNREAD = Issue("offence_dates", "认定事实中有犯罪时间无法识别（日期残缺或者前后矛盾），未能记录",
                       "a date in the findings of fact could not be read (garbled or self-contradictory), "
                       "so it is not recorded")
OFFENCE_CONDUCT_END = Issue("offence_dates", "认定事实以“直到……”“至……”起句载明持续行为的终止时间，未载明其起始，无法确定其与十八周岁生日的关系",
                            "the findings date the end of a continuing conduct in a sentence of its own (\"until ...\") "
                            "and leave its start open: how it stands to the 18th birthday is unclear")
OFFENCE_TO_CASE_BROKE = Issue("offence_dates", "认定事实载明行为持续至案发（“截至案发……”），未载明案发时间，行为可能延续至十八周岁生日之后",
                              "the findings say the conduct went on until the case came to light (\"until the case broke\") "
                              "without dating that day: it may have run past the 18th birthday")
OFFENCE_CONTINUING = Issue("offence_dates", "所犯之罪为继续犯（如非法拘禁、拒不执行判决、裁定），犯罪持续至不法状态终了之日，卷内未载明终了时间，可能延续至十八周岁生日之后",
                           "a continuing offence (unlawful detention, refusing to execute a judgment, ...) lasts until "
                           "the unlawful state ends, which the file does not date: it may have run past the 18th birthday")
OFFENCE_YEAR_UNPLACED = Issue("offence_dates", "卷宗中有犯罪时间的年份识别缺少一位数字，且无可靠的案号年份限定，未能记录",
                              "an offence date whose year lost a digit could not be bounded by a case-number year "
                              "read beyond doubt, so it is not recorded")
OFFENCE_YEAR_LOST = Issue("offence_dates", "犯罪时间的年份识别缺少一位数字，记录的是其可能的最早至最晚日期，须核对原文",
                          "a digit of the offence year was lost to OCR; the date is recorded as the earliest "
                          "to the latest it could be")
OFFENCE_DOCUMENTS_DISAGREE = Issue("offence_dates", "不同文书载明的犯罪时间仅相差一字，可能是其中一处识别有误，须核对原文",
                                   "two documents give offence dates one character apart: one may be misread")
OFFENCE_JOINT_SPAN = Issue("offence_dates", "认定事实只载明多名被告人“有分有合”作案的总体期间，未载明该被告人各次作案的时间，须核对原文",
                           "the findings give only the period of several accused's acts in varying company, "
                           "no date of this person's own acts")
OFFENCE_OTHER_SUBJECT = Issue("offence_dates", "认定事实中该时间所在语句叙述的是他人（被害人、证人、民警、单位等）的情况，未提及被告人，无法确定是否为其犯罪时间",
                              "the sentence with this date tells of someone else (a victim, a witness, the police, "
                              "a company) and names no accused: whether it dates this person's act is unclear")
OFFENCE_ACTOR_UNCLEAR = Issue("offence_dates", "认定事实中该时间的行为人为其他被告人，该被告人仅被提及（可能是被害人），无法确定是否为其犯罪时间",
                              "the findings name other accused as the actors of an act on this date and this "
                              "person otherwise (perhaps as the victim): whether it is this person's is unclear")
OFFENCE_SETTING = Issue("offence_dates", "认定事实先载明某月或者案件起因的时间，后又逐日载明作案时间，该时间是否另有作案行为可能影响犯罪时的年龄，须核对原文",
                        "the findings open on a month or on the story's background and then date the acts by "
                        "the day; whether that first date holds an act of its own could move the age at the offence")
FINDINGS_HEADING_LOST = Issue("offence_dates", "犯罪时间取自未能识别出“经审理查明”等标题的认定事实部分，须核对原文",
                              "offence date read from findings whose heading OCR lost")
DISPOSITION_NOT_FOUND = Issue("disposition", "卷宗中未找到处理结果（刑罚或者不起诉决定）", "disposition not found")
TWO_SENTENCES = Issue("disposition", "同一文书对同一被告人载有两个不同的刑罚",
                      "two different sentences for the same defendant")
TERM_UNREADABLE = Issue("disposition", "刑期无法识别", "sentence term unreadable")
PROBATION_UNREADABLE = Issue("disposition", "刑期之后另有期限，可能是无法识别的缓刑表述",
                             "a second term follows the sentence: an unreadable probation marker")
PENALTY_REPAIRED = Issue("disposition", "刑种系从缺字或错字的表述推定（如“有徒刑”“单罚金”“均役”），须核对原文",
                        "the penalty is read from a phrase OCR lost or misread a character of "
                        "(fixed term, fine only, criminal detention)")
SENTENCE_LOW_CONFIDENCE = Issue("disposition", "判决结果识别置信度低", "sentence read with low confidence")
DATE_OCR_CONFUSION = Issue("concluded_on", "文书落款日期系经易混字符校正后识别，须核对原文",
                           "document date read through an OCR confusion")
NAME_CUT_SHORT = Issue("name", "姓名可能识别不全：卷宗他处在同一身份称谓后写作更长的姓名",
                       "the name may be cut short: the file writes a longer one after the same role word")
NAME_LOW_CONFIDENCE = Issue("name", "姓名识别置信度低，且该人可能系未成年人：须核对原文",
                            "name read with low confidence, of someone who may have been a minor")
NO_DEFENDANT = Issue("name", "卷宗中未找到被告人、犯罪嫌疑人或者被不起诉人", "no defendant or suspect found in the file")
OPERATIVE_NAMES_NOBODY = Issue("disposition", "判决主文所列被告人在当事人身份段落中均未找到",
                               "operative part names no defendant found in the party paragraphs")
NAMES_DISAGREE = Issue("name", "同一公民身份号码在卷宗中对应不同姓名", "one ID number under two names in the file")
SENTENCED_WITHOUT_PARTY = Issue("name", "判决主文判处的被告人没有对应的当事人身份段落",
                                "a sentence names a defendant with no party paragraph")
SENTENCE_NAME_MISREAD = Issue("disposition", "判决主文中的被告人姓名与当事人身份段落相差一字，处理结果按排除法对应，须核对原文",
                              "the operative part spells the defendant's name one character off; "
                              "matched by elimination")
SENTENCE_NAME_UNREAD = Issue("disposition", "判决主文中该项的被告人姓名无法识别，处理结果按排除法对应，须核对原文",
                             "the operative part's name for this sentence is unreadable; matched by elimination")
PROBATION_UNREAD = Issue("disposition", "判决主文载明缓刑考验期限的计算，但未识别出任何缓刑判决，“缓刑”字样可能残缺，须核对原文",
                         "the operative part says how a probation is counted, yet no sentence was read as suspended: "
                         "the word for it may have been lost")
OPERATIVE_UNREAD = Issue("disposition", "卷宗中在后的判决书或者裁定书未能识别出判决主文，处理结果可能已被改变",
                         "a later judgment in the file has no readable operative part")
BIRTH_MASKED = Issue("birth_date", "出生日期在公开文本中被隐去（如“1998年×月×日”），法院亦未认定其犯罪时的年龄",
                     "the birth date is masked in this published copy and the court states no age at the offence")
COURT_AGE_CONTRADICTS = Issue("minor_at_offence", "按出生日期和犯罪时间计算的年龄与法院认定的犯罪时年龄不一致，须核对原文",
                              "the age computed from the birth and offence dates contradicts the court's own finding")
COURT_AGE_PARTIAL = Issue("minor_at_offence", "法院认定部分犯罪行为发生在未满十八周岁时，而按日期计算并非如此，须核对原文",
                          "the court finds part of the conduct was committed under 18, which the dates read do not show")
PROCEDURE_CUE_APPROXIMATE = Issue("offence_dates", "认定事实中某日期后的强制措施等用语系经近似识别（有一字残缺或者错误），未作为犯罪时间记录，须核对原文",
                                  "a date in the findings was taken for a measure's (arrest, detention) through a cue word "
                                  "read with one glyph off, so it is not recorded as an offence date")
COURT_AGE_CONFLICT = Issue("minor_at_offence", "判决书对其犯罪时是否已满十八周岁的认定前后不一致，须核对原文",
                           "the judgment finds the person both under and over 18 at the offence")
SECOND_READER_BIRTH = Issue("birth_date",
                            "统计模型在该被告人身份段落中读出的出生日期与规则读取的不一致，按其计算犯罪时是否已满十八周岁的结论不同，须核对原文",
                            "the trained second reader reads another birth date in the party paragraph, "
                            "which would change the age at the offence")
SECOND_READER_OFFENCE = Issue("offence_dates", "统计模型读出一个规则未记录的犯罪时间，其在该被告人十八周岁生日的另一侧，须核对原文",
                              "the trained second reader reads an offence date no rule recorded, "
                              "on the other side of the 18th birthday")
