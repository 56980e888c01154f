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
    static const QHash<QString, const char*> names = {
        {QStringLiteral("optimizer"), QT_TRANSLATE_NOOP("ConceptTexts", "optimizer")},
        {QStringLiteral("learningRate"), QT_TRANSLATE_NOOP("ConceptTexts", "learning rate")},
        {QStringLiteral("schedule"), QT_TRANSLATE_NOOP("ConceptTexts", "learning-rate schedule")},
        {QStringLiteral("loss"), QT_TRANSLATE_NOOP("ConceptTexts", "loss")},
        {QStringLiteral("validationSplit"), QT_TRANSLATE_NOOP("ConceptTexts", "validation split")},
        {QStringLiteral("epochs"), QT_TRANSLATE_NOOP("ConceptTexts", "epochs")},
        {QStringLiteral("batchSize"), QT_TRANSLATE_NOOP("ConceptTexts", "batch size")},
        {QStringLiteral("weightDecay"), QT_TRANSLATE_NOOP("ConceptTexts", "weight decay")},
        {QStringLiteral("earlyStopping"), QT_TRANSLATE_NOOP("ConceptTexts", "early stopping")},
        {QStringLiteral("data"), QT_TRANSLATE_NOOP("ConceptTexts", "data source")},
        {QStringLiteral("preprocessing"), QT_TRANSLATE_NOOP("ConceptTexts", "preprocessing")},
        {QStringLiteral("normalization"), QT_TRANSLATE_NOOP("ConceptTexts", "normalisation")},
        {QStringLiteral("testSplit"), QT_TRANSLATE_NOOP("ConceptTexts", "test split")},
        {QStringLiteral("threads"), QT_TRANSLATE_NOOP("ConceptTexts", "threads")},
        {QStringLiteral("clipNorm"), QT_TRANSLATE_NOOP("ConceptTexts", "gradient clipping norm")},
    };
    const QString k = QString::fromStdString(key);
    const char* name = names.value(k, nullptr);
    return name ? QCoreApplication::translate("ConceptTexts", name) : k;
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
        out += QCoreApplication::translate("ConceptTexts", "<p style='color:#b91c1c'><b>Seen in training:</b> the validation loss rises while the "
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
        out += QCoreApplication::translate("ConceptTexts", "<p style='color:#b45309'>The explanation '%1' was not found (looked for "
                              "resources/concepts/%1.md next to the program).</p>")
                   .arg(html(c.textKey));
    } else if (c.group == core::ConceptGroup::Other) {
        out += QCoreApplication::translate("ConceptTexts", "<p>Node <tt>%1</tt> of the Mermaid chart.</p>").arg(html(c.id));
    }
    if (!c.nodes.empty() && graph) {
        QStringList names;
        for (core::NodeId id : c.nodes)
            if (const core::Node* n = graph->node(id)) names << html(n->name);
        out += QCoreApplication::translate("ConceptTexts", "<p><b>In the editor:</b> %1</p>").arg(names.join(QStringLiteral(", ")));
    }
    if (!c.settings.empty()) {
        QStringList names;
        for (const std::string& s : c.settings) names << settingName(s);
        out += QCoreApplication::translate("ConceptTexts", "<p><b>Settings:</b> %1 (Training and Data panels)</p>").arg(names.join(QStringLiteral(", ")));
    }
    return out;
}

QString conceptLegendHtml(bool mermaid) {
    QString out = mermaid ? QCoreApplication::translate("ConceptTexts", "<h3>Mermaid chart</h3><p>Drawn with Graphviz from the chart you pasted. "
                                           "<i>Back to project map</i> returns to the lesson map.</p>")
                          : QCoreApplication::translate("ConceptTexts", "<h3>Concept map</h3><p>The ideas behind this project, with its current "
                                           "values. Click a concept for its explanation and formula; the layers it "
                                           "stands for are selected in the editor. Selecting layers in the editor "
                                           "highlights their concepts.</p>");
    out += QCoreApplication::translate("ConceptTexts", "<p>Drag to pan, wheel or Ctrl+= / Ctrl+− to zoom, Ctrl+0 to fit.</p>");
    if (!mermaid) {
        out += QStringLiteral("<table cellspacing='3'>") + swatch(core::ConceptGroup::Model, QCoreApplication::translate("ConceptTexts", "model")) +
               swatch(core::ConceptGroup::Algorithm, QCoreApplication::translate("ConceptTexts", "learning algorithm")) +
               swatch(core::ConceptGroup::Math, QCoreApplication::translate("ConceptTexts", "mathematics")) +
               swatch(core::ConceptGroup::Data, QCoreApplication::translate("ConceptTexts", "data")) +
               swatch(core::ConceptGroup::Compute, QCoreApplication::translate("ConceptTexts", "compute")) + QStringLiteral("</table>");
    }
    return out;
}

}  // namespace layerlab::ui
