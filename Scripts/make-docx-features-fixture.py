#!/usr/bin/env python3
"""Writes Tests/Fixtures/docx/word-features.docx: a small Word file (only word/document.xml and
[Content_Types].xml) holding what Word writes and the DOCX layout must handle — runs split mid-word,
tabs, breaks, entities, a field (instruction and result), tracked deletion and insertion, a
hyperlink, a smart tag, a no-break hyphen, a text box with its fallback copy, a content control,
custom XML, and a table with a grid span, a vertical merge, a cell in a content control, a nested
table, CDATA and blank cells; and word-malformed.docx, the same with its document.xml cut short.
Needs only Python 3."""
import os, zipfile
W='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
def cell(text, extra=''):
    return '<w:tc><w:tcPr>'+extra+'</w:tcPr><w:p><w:r><w:t>'+text+'</w:t></w:r></w:p></w:tc>'
GS='<w:gridSpan w:val="2"/>'
VR='<w:vMerge w:val="restart"/>'
VC='<w:vMerge/>'
VC2='<w:vMerge w:val="continue"/>'
body = ('''
<w:p><w:r><w:t>某某县人民政府2023年政府信息公开工作年度报告</w:t></w:r></w:p><w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p><w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p><w:p><w:r><w:t>四、政府信息公开行政复议、行政诉讼情况</w:t></w:r></w:p><w:p><w:r><w:t>五、存在的主要问题及改进情况</w:t></w:r></w:p><w:p><w:r><w:t>六、其他需要报告的事项</w:t></w:r></w:p><w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space="preserve">情况 </w:t></w:r></w:p>
<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>带制表</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>换行&amp;实体&#x4E00;</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins></w:p>
<w:p><w:hyperlink><w:r><w:t>链接文字</w:t></w:r></w:hyperlink><w:smartTag><w:r><w:t>智能</w:t></w:r></w:smartTag><w:r><w:noBreakHyphen/><w:t>连字</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的段落</w:t></w:r></w:p><w:tbl><w:tr>''' + cell("框内表") + cell("9") + '''</w:tr></w:tbl></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框里的段落</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>锚点段落</w:t></w:r></w:p>
<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>内容控件段落</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:customXml><w:p><w:r><w:t>自定义XML段落</w:t></w:r></w:p></w:customXml>
<w:tbl><w:tblPr/><w:tblGrid/>
<w:tr>''' + cell("项目", GS) + cell("数量") + '''</w:tr>
<w:tr>''' + cell("甲", VR) + cell("子一") + cell("5") + '''</w:tr>
<w:tr>''' + cell("", VC) + cell("子二") + cell(" 6 ") + '''</w:tr>
<w:tr>''' + cell("", VC2) + cell("子三") + '<w:sdt><w:sdtContent>' + cell("7") + '''</w:sdtContent></w:sdt></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>嵌套</w:t></w:r></w:p><w:tbl><w:tr>''' + cell("内一") + cell("1") + '''</w:tr></w:tbl><w:p/></w:tc>''' + cell("<![CDATA[x<y]]>") + cell("  ") + '''</w:tr>
<w:tr><w:tc><w:p><w:r><w:t>  </w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></w:p>
<w:p/>
<w:sectPr/>
''')
doc='<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '+W+'><w:body>'+body+'</w:body></w:document>'
def write(name, xml):
    out = os.path.join(os.path.dirname(__file__), '..', 'Tests', 'Fixtures', 'docx', name)
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo('[Content_Types].xml', (2024, 1, 1, 0, 0, 0)), '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>', zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo('word/document.xml', (2024, 1, 1, 0, 0, 0)), xml, zipfile.ZIP_DEFLATED)

write('word-features.docx', doc)
write('word-malformed.docx', doc[:-40])
