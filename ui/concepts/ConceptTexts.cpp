#include "ui/concepts/ConceptTexts.h"

#include "core/viz/concept_style.h"
#include "core/viz/concept_text.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <optional>

namespace layerlab::ui {

namespace {

QString html(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString settingName(const std::string& key) {
    static const QHash<QString, QString> names = {
        {QStringLiteral("optimizer"), QStringLiteral("optimizer")},
        {QStringLiteral("learningRate"), QStringLiteral("learning rate")},
        {QStringLiteral("schedule"), QStringLiteral("learning-rate schedule")},
        {QStringLiteral("loss"), QStringLiteral("loss")},
        {QStringLiteral("validationSplit"), QStringLiteral("validation split")},
        {QStringLiteral("epochs"), QStringLiteral("epochs")},
        {QStringLiteral("batchSize"), QStringLiteral("batch size")},
        {QStringLiteral("weightDecay"), QStringLiteral("weight decay")},
        {QStringLiteral("earlyStopping"), QStringLiteral("early stopping")},
        {QStringLiteral("data"), QStringLiteral("data source")},
        {QStringLiteral("preprocessing"), QStringLiteral("preprocessing")},
        {QStringLiteral("normalization"), QStringLiteral("normalisation")},
        {QStringLiteral("testSplit"), QStringLiteral("test split")},
        {QStringLiteral("threads"), QStringLiteral("threads")},
    };
    const QString k = QString::fromStdString(key);
    return names.value(k, k);
}

// Texts read once per key (nullopt = no file or it did not parse).
std::optional<core::ConceptText> textFor(const std::string& key) {
    static QHash<QString, std::optional<core::ConceptText>> cache;
    const QString k = QString::fromStdString(key);
    if (auto it = cache.constFind(k); it != cache.constEnd()) return *it;
    std::optional<core::ConceptText> text;
    const QString folder = conceptTextFolder();
    if (!folder.isEmpty()) {
        auto loaded = core::loadConceptText(folder.toStdString(), key);
        if (loaded) text = std::move(loaded).value();
    }
    cache.insert(k, text);
    return text;
}

QString swatch(core::ConceptGroup g, const QString& what) {
    const std::string_view c = core::conceptFillColour(g);
    return QStringLiteral("<tr><td style='background:%1; border:1px solid #94a3b8'>&nbsp;&nbsp;&nbsp;&nbsp;</td>"
                          "<td>&nbsp;%2</td></tr>")
        .arg(QLatin1String(c.data(), qsizetype(c.size())), what);
}

}  // namespace

QString conceptTextFolder() {
    static const QString found = [] {
        QStringList dirs;
        if (const QString env = qEnvironmentVariable("LAYERLAB_CONCEPTS"); !env.isEmpty()) dirs << env;
        const QString app = QCoreApplication::applicationDirPath();
        dirs << app + QStringLiteral("/../share/layerlab/concepts") << app + QStringLiteral("/../resources/concepts")
             << app + QStringLiteral("/../../resources/concepts")
             << QStringLiteral(LAYERLAB_RESOURCE_DIR) + QStringLiteral("/concepts");
        for (const QString& d : dirs)
            if (QFileInfo::exists(d + QStringLiteral("/relu.md"))) return QFileInfo(d).canonicalFilePath();
        return QString();
    }();
    return found;
}

QString conceptExplanationHtml(const core::Concept& c, const core::Graph* graph) {
    QString out = QStringLiteral("<h3 style='margin-bottom:2px'>%1</h3>").arg(html(c.label).replace('\n', ' '));
    if (c.marked)
        out += QStringLiteral("<p style='color:#b91c1c'><b>Seen in training:</b> the validation loss rises while the "
                              "training loss falls. Try the remedies this concept points at: dropout, weight decay, "
                              "early stopping.</p>");
    const std::optional<core::ConceptText> text =
        c.textKey.empty() ? std::nullopt : textFor(c.textKey);
    if (text) {
        out += QStringLiteral("<p style='color:#475569'><i>%1</i></p>").arg(html(text->title));
        for (const QString& para : QString::fromStdString(text->explanation).split(QStringLiteral("\n\n")))
            out += QStringLiteral("<p>%1</p>").arg(para.toHtmlEscaped());
        if (!text->formula.empty())
            out += QStringLiteral("<pre style='background:#f1f5f9; padding:6px; white-space:pre-wrap'>%1</pre>").arg(html(text->formula));
    } else if (!c.description.empty()) {
        out += QStringLiteral("<p>%1</p>").arg(html(c.description));
    } else if (!c.textKey.empty()) {
        out += QStringLiteral("<p style='color:#b45309'>The explanation '%1' was not found (looked for "
                              "resources/concepts/%1.md next to the program).</p>")
                   .arg(html(c.textKey));
    } else if (c.group == core::ConceptGroup::Other) {
        out += QStringLiteral("<p>Node <tt>%1</tt> of the Mermaid chart.</p>").arg(html(c.id));
    }
    if (!c.nodes.empty() && graph) {
        QStringList names;
        for (core::NodeId id : c.nodes)
            if (const core::Node* n = graph->node(id)) names << html(n->name);
        out += QStringLiteral("<p><b>In the editor:</b> %1</p>").arg(names.join(QStringLiteral(", ")));
    }
    if (!c.settings.empty()) {
        QStringList names;
        for (const std::string& s : c.settings) names << settingName(s);
        out += QStringLiteral("<p><b>Settings:</b> %1 (Training and Data panels)</p>").arg(names.join(QStringLiteral(", ")));
    }
    return out;
}

QString conceptLegendHtml(bool mermaid) {
    QString out = mermaid ? QStringLiteral("<h3>Mermaid chart</h3><p>Drawn with Graphviz from the chart you pasted. "
                                           "<i>Back to project map</i> returns to the lesson map.</p>")
                          : QStringLiteral("<h3>Concept map</h3><p>The ideas behind this project, with its current "
                                           "values. Click a concept for its explanation and formula; the layers it "
                                           "stands for are selected in the editor. Selecting layers in the editor "
                                           "highlights their concepts.</p>");
    out += QStringLiteral("<p>Drag to pan, wheel or Ctrl+= / Ctrl+− to zoom, Ctrl+0 to fit.</p>");
    if (!mermaid) {
        out += QStringLiteral("<table cellspacing='3'>") + swatch(core::ConceptGroup::Model, QStringLiteral("model")) +
               swatch(core::ConceptGroup::Algorithm, QStringLiteral("learning algorithm")) +
               swatch(core::ConceptGroup::Math, QStringLiteral("mathematics")) +
               swatch(core::ConceptGroup::Data, QStringLiteral("data")) +
               swatch(core::ConceptGroup::Compute, QStringLiteral("compute")) + QStringLiteral("</table>");
    }
    return out;
}

}  // namespace layerlab::ui
