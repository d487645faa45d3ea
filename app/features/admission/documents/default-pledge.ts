// The pledge a new batch starts from (administrators edit it per batch): the title and text of the
// manual's 2.2 签署入库承诺书 (新疆 2025 operation manual), word for word. Placeholders a batch's own text
// may use: {{name}}, {{idCard}}, {{date}}; paragraphs are separated by blank lines; a title line break
// starts a new centred line. Browser-safe, so the batch editor can show it too.

export const DEFAULT_PLEDGE_TITLE = "新疆维吾尔自治区房屋与市政基础设施工程\n评标专家信用承诺书";

export const DEFAULT_PLEDGE_TEXT = `为维护公平、公正、科学、择优的评标原则，树立评标专家诚实守信的形象，本人作出以下承诺：

(一) 所提交的个人信息及专家申报材料，均合法、真实、准确、有效，无任何伪造、修改、虚假成分，并对所提供资料的真实性负责；

(二) 严格按照国家和新疆维吾尔自治区关于招标投标的法律、法规、规章和规范性文件的规定，客观公正地履行评标专家职责，遵守评标工作纪律，维护评标秩序。`;
