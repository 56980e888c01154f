// Mermaid flowcharts into concept graphs: headers and directions, node shapes
// and labels, every kind of link, chains and groups, comments, ignored styling
// lines, and broken charts whose errors name the line, column and what was
// expected. A parsed chart lays out and renders with Graphviz.
#include "core/viz/concept_layout.h"
#include "core/viz/mermaid.h"

#include <QTest>

using namespace layerlab::core;

namespace {

ConceptGraph parseOk(std::string_view text) {
    auto r = parseMermaid(text);
    if (!r) qFatal("unexpected error: %s", r.error().toString().c_str());
    return std::move(r).value();
}

const ConceptEdge* edge(const ConceptGraph& g, std::string_view from, std::string_view to) {
    for (const ConceptEdge& e : g.edges)
        if (e.from == from && e.to == to) return &e;
    return nullptr;
}

}  // namespace

class TestMermaid : public QObject {
    Q_OBJECT

private slots:
    void lessonChart() {
        const ConceptGraph g = parseOk(R"(%% the lesson of week 3
graph TD
    A[Model] --> B(Algorithm)
    B --> C{Neural network?}
    C -->|yes| D((Backprop))
    C -- no --> E{{Other}}

    D --- F[["Activation [ReLU]"]]
)");
        QCOMPARE(g.direction, ConceptDirection::TopToBottom);
        QCOMPARE(g.concepts.size(), std::size_t(6));
        QCOMPARE(g.concepts[0].id, std::string("A"));
        QCOMPARE(g.concepts[0].label, std::string("Model"));
        QCOMPARE(g.concepts[0].shape, ConceptShape::Box);
        QCOMPARE(g.concepts[0].group, ConceptGroup::Other);
        QCOMPARE(g.find("B")->shape, ConceptShape::Rounded);
        QCOMPARE(g.find("C")->shape, ConceptShape::Diamond);
        QCOMPARE(g.find("C")->label, std::string("Neural network?"));
        QCOMPARE(g.find("D")->shape, ConceptShape::Circle);
        QCOMPARE(g.find("E")->shape, ConceptShape::Hexagon);
        QCOMPARE(g.find("F")->label, std::string("Activation [ReLU]"));
        QCOMPARE(g.edges.size(), std::size_t(5));
        QCOMPARE(edge(g, "C", "D")->label, std::string("yes"));
        QCOMPARE(edge(g, "C", "E")->label, std::string("no"));
        QVERIFY(edge(g, "C", "E")->directed);
        QVERIFY(!edge(g, "D", "F")->directed);
        QVERIFY(edge(g, "A", "B")->label.empty());
    }

    void directions_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<int>("direction");
        QTest::newRow("graph TD") << "graph TD" << int(ConceptDirection::TopToBottom);
        QTest::newRow("graph TB") << "graph TB" << int(ConceptDirection::TopToBottom);
        QTest::newRow("flowchart LR") << "flowchart LR" << int(ConceptDirection::LeftToRight);
        QTest::newRow("graph BT") << "graph BT" << int(ConceptDirection::BottomToTop);
        QTest::newRow("flowchart RL") << "flowchart RL" << int(ConceptDirection::RightToLeft);
        QTest::newRow("graph") << "graph" << int(ConceptDirection::TopToBottom);
    }
    void directions() {
        QFETCH(QString, header);
        QFETCH(int, direction);
        const ConceptGraph g = parseOk((header + "\nA --> B\n").toStdString());
        QCOMPARE(int(g.direction), direction);
    }

    void chainsGroupsAndOneLiners() {
        const ConceptGraph g = parseOk("graph LR; A --> B --> C; C & D --> E\n");
        QCOMPARE(g.concepts.size(), std::size_t(5));
        QVERIFY(edge(g, "A", "B") && edge(g, "B", "C") && edge(g, "C", "E") && edge(g, "D", "E"));
        QCOMPARE(g.edges.size(), std::size_t(4));
        const ConceptGraph h = parseOk("flowchart TD\nX-->Y-->|z|Z\n");
        QCOMPARE(edge(h, "Y", "Z")->label, std::string("z"));
    }

    void linkStyles() {
        const ConceptGraph g = parseOk(
            "graph TD\nA -.-> B\nB ==> C\nC ----> D\nD -.- E\nE === F\nF -. maybe .-> G\nG == sure ==> H\n");
        QCOMPARE(edge(g, "A", "B")->style, ConceptEdgeStyle::Dotted);
        QVERIFY(edge(g, "A", "B")->directed);
        QCOMPARE(edge(g, "B", "C")->style, ConceptEdgeStyle::Thick);
        QCOMPARE(edge(g, "C", "D")->style, ConceptEdgeStyle::Solid);
        QVERIFY(edge(g, "C", "D")->directed);
        QVERIFY(!edge(g, "D", "E")->directed);
        QCOMPARE(edge(g, "D", "E")->style, ConceptEdgeStyle::Dotted);
        QVERIFY(!edge(g, "E", "F")->directed);
        QCOMPARE(edge(g, "F", "G")->label, std::string("maybe"));
        QCOMPARE(edge(g, "F", "G")->style, ConceptEdgeStyle::Dotted);
        QCOMPARE(edge(g, "G", "H")->label, std::string("sure"));
        QCOMPARE(edge(g, "G", "H")->style, ConceptEdgeStyle::Thick);
    }

    void labelsAndRedeclaration() {
        const ConceptGraph g = parseOk(
            "graph TD\n  A --> B\n  B[Second<br>line] %% trailing comment\n  A(\"quoted (x)\")\n"
            "  C[Dense [128]]:::big --> D([stadium])\n  classDef big fill:#f9f\n  style A fill:#fff\n"
            "  subgraph group one\n  E --> F\n  end\n");
        QCOMPARE(g.find("A")->label, std::string("quoted (x)"));
        QCOMPARE(g.find("A")->shape, ConceptShape::Rounded);
        QCOMPARE(g.find("B")->label, std::string("Second\nline"));
        QCOMPARE(g.find("C")->label, std::string("Dense [128]"));
        QCOMPARE(g.find("D")->shape, ConceptShape::Rounded);
        QVERIFY(edge(g, "E", "F"));
        QVERIFY(!g.find("end") && !g.find("subgraph") && !g.find("classDef"));
        QCOMPARE(g.concepts.size(), std::size_t(6));
    }

    void brokenCharts_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no header") << "A --> B" << 1 << 1 << "expected 'graph' or 'flowchart'";
        QTest::newRow("empty") << "\n%% nothing\n" << 1 << 1 << "expected a first line such as 'graph TD'";
        QTest::newRow("bad direction") << "graph XY\nA-->B" << 1 << 7 << "expected TD, TB, BT, LR or RL";
        QTest::newRow("unclosed bracket") << "graph TD\nA --> B\nB[Activation --> C" << 3 << 19
                                          << "expected ']' to close the label of node 'B' opened at column 2";
        QTest::newRow("unclosed round") << "graph TD\n\nC(round --> D" << 3 << 14 << "expected ')'";
        QTest::newRow("missing target") << "graph LR\nA -->\n" << 2 << 6 << "expected a node id";
        QTest::newRow("bad arrow") << "graph TD\nA -> B" << 2 << 3 << "'->' is not a link";
        QTest::newRow("no arrow") << "graph TD\nA B" << 2 << 3 << "expected a link (-->, ---, -.->, ==>)";
        QTest::newRow("unclosed pipe") << "graph TD\nA -->|yes B" << 2 << 12 << "expected '|' to close the link label";
        QTest::newRow("unfinished text link") << "graph TD\nA -- yes B" << 2 << 11 << "expected '-->' or '---'";
        QTest::newRow("no nodes") << "graph TD\n%% later\n" << 2 << 1 << "the chart has no nodes";
        QTest::newRow("stray char") << "graph TD\nA --> B\n  --> C" << 3 << 3 << "expected a node id";
        QTest::newRow("unicode column") << "graph TD\nÄ[Größe] --> ?" << 2 << 14 << "expected a node id";
    }
    void brokenCharts() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, expected);
        auto r = parseMermaid(text.toStdString());
        QVERIFY(!r.ok());
        const QString message = QString::fromStdString(r.error().message);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(r.error().line, long(line));
        QCOMPARE(r.error().column, long(column));
        QVERIFY(QString::fromStdString(r.error().toString()).startsWith(QStringLiteral("line %1, column %2: ").arg(line).arg(column)));
    }

    void parsedChartLaysOutAndRenders() {
        const ConceptGraph g = parseOk("graph LR\nA[Input] --> B{Hidden?} -->|yes| C((Output))\nB --- D(Notes)\n");
        auto layout = layoutConcepts(g);
        QVERIFY(layout.ok());
        QCOMPARE(layout->nodes.size(), std::size_t(4));
        // Left to right: A left of B left of C.
        QVERIFY(layout->nodes[0].centre.x < layout->nodes[1].centre.x);
        QVERIFY(layout->nodes[1].centre.x < layout->nodes[2].centre.x);
        QVERIFY(!layout->edges[2].hasArrow);  // B --- D
        auto svg = renderConceptSvg(g);
        QVERIFY(svg.ok());
        QVERIFY(svg->find("<svg") != std::string::npos);
        QVERIFY(svg->find("Hidden?") != std::string::npos);
        QVERIFY(svg->find("<polygon") != std::string::npos);   // the diamond
        QVERIFY(svg->find("<ellipse") != std::string::npos);   // the circle
    }
};

QTEST_APPLESS_MAIN(TestMermaid)
#include "test_mermaid.moc"
