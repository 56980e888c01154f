// The engine's rooms (core/<room>/) include each other without a cycle
// (issue 14, point 5): read every core source's #include "core/..." lines,
// build the room-to-room graph and look for a cycle. The leaf rooms stay
// leaves: common includes no other room, params only common. A graph built
// with a registry of its own links none of the built-in layers. The project
// file's header (and the other engine headers the editor's document includes)
// reach no header that includes Eigen (issue 14, point 6), so the views that
// include them do not compile the maths.
#include "core/graph/graph.h"
#include "core/layers/layer_registry.h"

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <queue>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace layerlab::core;

namespace {

using RoomGraph = std::map<std::string, std::set<std::string>>;

RoomGraph roomIncludes() {
    RoomGraph g;
    const fs::path core = fs::path(LAYERLAB_SOURCE_DIR) / "core";
    const std::regex include("^\\s*#\\s*include\\s*\"core/([a-z_]+)/");
    for (const auto& entry : fs::recursive_directory_iterator(core)) {
        if (!entry.is_regular_file()) continue;
        const auto ext = entry.path().extension();
        if (ext != ".h" && ext != ".cpp") continue;
        const std::string room = fs::relative(entry.path(), core).begin()->string();
        g[room];
        std::ifstream in(entry.path());
        std::string line;
        std::smatch m;
        while (std::getline(in, line))
            if (std::regex_search(line, m, include) && m[1] != room) g[room].insert(m[1]);
    }
    return g;
}

// A cycle as "a -> b -> a", or empty.
std::string findCycle(const RoomGraph& g) {
    std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
    std::vector<std::string> path;
    std::string found;
    std::function<bool(const std::string&)> visit = [&](const std::string& r) {
        state[r] = 1;
        path.push_back(r);
        for (const std::string& next : g.at(r)) {
            if (!g.count(next)) continue;
            if (state[next] == 1) {
                auto it = std::find(path.begin(), path.end(), next);
                for (; it != path.end(); ++it) found += *it + " -> ";
                found += next;
                return true;
            }
            if (state[next] == 0 && visit(next)) return true;
        }
        path.pop_back();
        state[r] = 2;
        return false;
    };
    for (const auto& [room, _] : g)
        if (state[room] == 0 && visit(room)) return found;
    return {};
}

// The core headers `header` ("core/io/project.h") reaches through its
// #include "core/..." lines; the first of them (in breadth-first order) that
// includes <Eigen/...>, as the chain "a.h -> b.h -> c.h", or empty.
std::string chainToEigen(const std::string& header) {
    const fs::path root(LAYERLAB_SOURCE_DIR);
    const std::regex coreInclude("^\\s*#\\s*include\\s*\"(core/[^\"]+)\"");
    const std::regex eigenInclude("^\\s*#\\s*include\\s*<Eigen/");
    std::map<std::string, std::string> cameFrom{{header, ""}};
    std::queue<std::string> todo;
    todo.push(header);
    while (!todo.empty()) {
        const std::string h = todo.front();
        todo.pop();
        std::ifstream in(root / h);
        std::string line;
        std::smatch m;
        bool eigen = false;
        while (std::getline(in, line)) {
            if (std::regex_search(line, eigenInclude)) eigen = true;
            if (std::regex_search(line, m, coreInclude) && !cameFrom.count(m[1].str())) {
                cameFrom[m[1].str()] = h;
                todo.push(m[1].str());
            }
        }
        if (!eigen) continue;
        std::string chain = h;
        for (std::string at = cameFrom[h]; !at.empty(); at = cameFrom[at]) chain = at + " -> " + chain;
        return chain;
    }
    return {};
}

}  // namespace

class RoomsTest : public QObject {
    Q_OBJECT

private slots:
    void noCycleBetweenRooms() {
        const RoomGraph g = roomIncludes();
        QVERIFY(g.count("graph") && g.count("layers") && g.count("params"));
        const std::string cycle = findCycle(g);
        QVERIFY2(cycle.empty(), ("rooms include each other in a cycle: " + cycle).c_str());
    }

    void leafRoomsStayLeaves() {
        const RoomGraph g = roomIncludes();
        QVERIFY2(g.at("common").empty(), "core/common includes another room");
        for (const std::string& r : g.at("params")) QCOMPARE(QString::fromStdString(r), QStringLiteral("common"));
        QVERIFY2(!g.at("layers").count("graph"), "core/layers includes core/graph");
    }

    // The project file and what the editor's document includes beside it (the
    // drawn graph's shapes, its network path, its layout) are plain.
    void theProjectHeaderNeedsNoEigen() {
        for (const char* header : {"core/io/project.h", "core/net/shape_inference.h", "core/net/network_path.h",
                                   "core/viz/graph_layout.h"}) {
            const std::string chain = chainToEigen(header);
            QVERIFY2(chain.empty(), (std::string(header) + " reaches Eigen: " + chain + " includes <Eigen/...>").c_str());
        }
        // The check sees Eigen where it is.
        QVERIFY(chainToEigen("core/common/types.h") == "core/common/types.h");
        const std::string viaDataset = chainToEigen("core/data/dataset.h");
        QVERIFY2(viaDataset == "core/data/dataset.h -> core/common/types.h", viaDataset.c_str());
    }

    void theCycleFinderFindsOne() {
        RoomGraph g{{"a", {"b"}}, {"b", {"c"}}, {"c", {"a"}}, {"d", {}}};
        QCOMPARE(QString::fromStdString(findCycle(g)), QStringLiteral("a -> b -> c -> a"));
        g["c"].clear();
        QVERIFY(findCycle(g).empty());
    }

    void aGraphTakesTheRegistryItIsGiven() {
        LayerRegistry mine;
        LayerInfo input;
        input.type = "Input";
        input.isInput = true;
        input.inputCount = 0;
        mine.add(input);
        Graph g(mine);
        QCOMPARE(&g.registry(), &mine);
        QVERIFY(g.addNode("Input", {}, {}).ok());
        auto dense = g.addNode("Dense", {}, {});  // built in, but not in this registry
        QVERIFY(!dense.ok());
        QVERIFY2(dense.error().message.find("known types: Input") != std::string::npos, dense.error().message.c_str());
        // A copy keeps the registry.
        const Graph copy = g;
        QCOMPARE(&copy.registry(), &mine);
    }
};

QTEST_APPLESS_MAIN(RoomsTest)
#include "test_rooms.moc"
