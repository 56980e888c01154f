#include "core/viz/mermaid.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace layerlab::core {

namespace {

struct SyntaxError {
    std::size_t pos;  // byte offset in the line
    std::string message;
};

bool isIdChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;  // letters of any script
}

bool isSpace(char c) { return c == ' ' || c == '\t'; }

// Characters before byte offset pos, + 1 (UTF-8 continuation bytes do not count).
long columnOf(std::string_view line, std::size_t pos) {
    long col = 1;
    for (std::size_t i = 0; i < pos && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
    return col;
}

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && isSpace(s[a])) ++a;
    while (b > a && isSpace(s[b - 1])) --b;
    return std::string(s.substr(a, b - a));
}

// Mermaid labels break lines with <br>, <br/> or <br />.
std::string cleanLabel(std::string_view s) {
    const std::string in = trim(s);
    std::string out;
    out.reserve(in.size());
    const std::string_view text(in);
    for (std::size_t i = 0; i < text.size();) {
        std::size_t skip = 0;
        for (std::string_view br : {"<br />", "<br/>", "<br>"})
            if (text.substr(i, br.size()) == br) skip = br.size();
        if (skip) {
            out.push_back('\n');
            i += skip;
        } else {
            out.push_back(text[i++]);
        }
    }
    return out;
}

// 'text' (built by appending: GCC 12 warns falsely on "literal" + std::string).
std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('\'');
    out.append(s);
    out.push_back('\'');
    return out;
}

struct Opener {
    std::string_view open, close;
    ConceptShape shape;
};

// Longest openers first so "((" is not read as "(".
constexpr Opener kOpeners[] = {
    {"(((", ")))", ConceptShape::Circle}, {"((", "))", ConceptShape::Circle}, {"([", "])", ConceptShape::Rounded},
    {"[[", "]]", ConceptShape::Box},      {"[(", ")]", ConceptShape::Box},    {"{{", "}}", ConceptShape::Hexagon},
    {"[", "]", ConceptShape::Box},        {"(", ")", ConceptShape::Rounded},  {"{", "}", ConceptShape::Diamond},
    {">", "]", ConceptShape::Box},
};

struct Link {
    bool directed = true;
    ConceptEdgeStyle style = ConceptEdgeStyle::Solid;
    std::string label;
};

// A run of link characters: "-->", "----", "-.->", "==>", ...
std::optional<Link> classify(std::string_view run) {
    const auto all = [](std::string_view s, char c) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [c](char x) { return x == c; });
    };
    Link l;
    const bool head = !run.empty() && run.back() == '>';
    const std::string_view body = head ? run.substr(0, run.size() - 1) : run;
    l.directed = head;
    if (all(body, '-') && body.size() >= (head ? 2u : 3u)) return l;
    if (all(body, '=') && body.size() >= (head ? 2u : 3u)) {
        l.style = ConceptEdgeStyle::Thick;
        return l;
    }
    // Dotted: "-" "."+ "-" (".->" and ".-" end the text form "-. text .->").
    std::string_view d = body;
    if (!d.empty() && d.front() == '-') d.remove_prefix(1);
    if (d.size() >= 2 && d.back() == '-' && all(d.substr(0, d.size() - 1), '.')) {
        l.style = ConceptEdgeStyle::Dotted;
        return l;
    }
    return std::nullopt;
}

class Parser {
public:
    ConceptGraph graph;

    // Parses the statements of one line from pos. Throws nothing; returns the first error.
    std::optional<SyntaxError> statements(std::string_view line, std::size_t pos) {
        line_ = line;
        p_ = pos;
        while (true) {
            while (p_ < line_.size() && (isSpace(line_[p_]) || line_[p_] == ';')) ++p_;
            if (atEnd()) return std::nullopt;
            if (ignoredKeyword()) return std::nullopt;
            std::vector<std::string> left;
            if (auto e = group(left, "at the start of a statement")) return e;
            while (true) {
                skipSpace();
                if (atEnd() || line_[p_] == ';') break;
                Link link;
                if (auto e = parseLink(left.back(), link)) return e;
                skipSpace();
                std::vector<std::string> right;
                if (auto e = group(right, "after the link")) return e;
                for (const std::string& a : left)
                    for (const std::string& b : right)
                        graph.edges.push_back(ConceptEdge{a, b, link.label, link.directed, link.style, 1});
                left = std::move(right);
            }
        }
    }

private:
    std::string_view line_;
    std::size_t p_ = 0;
    std::map<std::string, std::size_t, std::less<>> index_;

    bool atEnd() const { return p_ >= line_.size() || line_.substr(p_, 2) == "%%"; }
    void skipSpace() {
        while (p_ < line_.size() && isSpace(line_[p_])) ++p_;
    }
    std::string col(std::size_t pos) const { return std::to_string(columnOf(line_, pos)); }
    std::string found() const {
        if (p_ >= line_.size()) return "the end of the line";
        std::size_t n = 1;
        while (p_ + n < line_.size() && (static_cast<unsigned char>(line_[p_ + n]) & 0xC0) == 0x80) ++n;
        return quoted(line_.substr(p_, n));
    }

    bool ignoredKeyword() const {
        std::size_t e = p_;
        while (e < line_.size() && isIdChar(line_[e])) ++e;
        const std::string_view word = line_.substr(p_, e - p_);
        const bool wordEnds = e >= line_.size() || isSpace(line_[e]) || line_[e] == ';';
        for (std::string_view k : {"classDef", "class", "style", "linkStyle", "click", "subgraph", "end", "direction"})
            if (word == k && wordEnds) return true;
        return false;
    }

    std::optional<SyntaxError> group(std::vector<std::string>& ids, const char* where) {
        while (true) {
            std::string id;
            if (auto e = node(id, where)) return e;
            ids.push_back(std::move(id));
            const std::size_t save = p_;
            skipSpace();
            if (p_ < line_.size() && line_[p_] == '&') {
                ++p_;
                skipSpace();
                where = "after '&'";
                continue;
            }
            p_ = save;
            return std::nullopt;
        }
    }

    std::optional<SyntaxError> node(std::string& id, const char* where) {
        const std::size_t start = p_;
        while (p_ < line_.size() && isIdChar(line_[p_])) ++p_;
        if (p_ == start)
            return SyntaxError{p_, std::string("expected a node id (letters, digits or _) ") + where + ", found " + found()};
        id = std::string(line_.substr(start, p_ - start));
        std::optional<std::string> label;
        std::optional<ConceptShape> shape;
        for (const Opener& o : kOpeners) {
            if (line_.substr(p_, o.open.size()) != o.open) continue;
            const std::size_t openAt = p_;
            p_ += o.open.size();
            const std::string expected = "expected '" + std::string(o.close) + "' to close the label of node '" + id +
                                         "' opened at column " + col(openAt);
            std::size_t q = p_;
            while (q < line_.size() && isSpace(line_[q])) ++q;
            if (q < line_.size() && line_[q] == '"') {  // quoted label: anything up to the next quote
                const std::size_t endQuote = line_.find('"', q + 1);
                if (endQuote == std::string_view::npos)
                    return SyntaxError{line_.size(), "expected '\"' to end the quoted label of node '" + id +
                                                         "' started at column " + col(q)};
                label = cleanLabel(line_.substr(q + 1, endQuote - q - 1));
                p_ = endQuote + 1;
                skipSpace();
                if (line_.substr(p_, o.close.size()) != o.close) return SyntaxError{p_, expected + ", found " + found()};
            } else {
                std::size_t close = std::string_view::npos;
                if (o.open.size() == 1) {  // nesting of the same bracket is allowed: A[Dense [128]]
                    int depth = 0;
                    for (std::size_t k = p_; k < line_.size(); ++k) {
                        if (line_[k] == o.open[0] && o.open != ">") ++depth;
                        else if (line_[k] == o.close[0] && depth-- == 0) {
                            close = k;
                            break;
                        }
                    }
                } else {
                    close = line_.find(o.close, p_);
                }
                if (close == std::string_view::npos) return SyntaxError{line_.size(), expected};
                label = cleanLabel(line_.substr(p_, close - p_));
                p_ = close;
            }
            p_ += o.close.size();
            shape = o.shape;
            break;
        }
        if (line_.substr(p_, 3) == ":::") {  // class name: styling, not drawn
            p_ += 3;
            while (p_ < line_.size() && (isIdChar(line_[p_]) || line_[p_] == '-')) ++p_;
        }
        declare(id, label, shape);
        return std::nullopt;
    }

    void declare(const std::string& id, const std::optional<std::string>& label, std::optional<ConceptShape> shape) {
        auto it = index_.find(id);
        if (it == index_.end()) {
            Concept c;
            c.id = id;
            c.label = id;
            c.group = ConceptGroup::Other;
            c.shape = ConceptShape::Box;  // Mermaid's default outline
            it = index_.emplace(id, graph.concepts.size()).first;
            graph.concepts.push_back(std::move(c));
        }
        Concept& c = graph.concepts[it->second];
        if (label) c.label = label->empty() ? id : *label;
        if (shape) c.shape = *shape;
    }

    std::optional<SyntaxError> parseLink(const std::string& after, Link& link) {
        const auto isLinkChar = [](char c) { return c == '-' || c == '.' || c == '=' || c == '>'; };
        const std::size_t start = p_;
        while (p_ < line_.size() && isLinkChar(line_[p_])) ++p_;
        const std::string_view run = line_.substr(start, p_ - start);
        const std::string expectedLink = "expected a link (-->, ---, -.->, ==>) or the end of the statement after node '" +
                                         after + "'";
        if (run.empty()) return SyntaxError{start, expectedLink + ", found " + found()};
        if (run == "--" || run == "==" || run == "-.") {  // text form: A -- text --> B
            const std::string_view closer = run == "-." ? std::string_view(".-") : run;
            const std::size_t close = line_.find(closer, p_);
            const std::string finish = run == "--" ? "'-->' or '---'" : run == "==" ? "'==>' or '==='" : "'.->' or '.-'";
            if (close == std::string_view::npos)
                return SyntaxError{line_.size(), "expected " + finish + " to finish the link text started at column " +
                                                     col(start)};
            const std::string text = cleanLabel(line_.substr(p_, close - p_));
            p_ = close;
            const std::size_t runStart = p_;
            while (p_ < line_.size() && isLinkChar(line_[p_])) ++p_;
            std::string full(run);  // "-." + ".->" classifies as "-.->"
            full += line_.substr(runStart + (run == "-." ? 1 : 0), p_ - runStart - (run == "-." ? 1 : 0));
            auto l = classify(run == "-." ? full : line_.substr(runStart, p_ - runStart));
            if (!l) return SyntaxError{runStart, "expected " + finish + " to finish the link text started at column " + col(start)};
            link = *l;
            link.label = text;
        } else {
            auto l = classify(run);
            if (!l) return SyntaxError{start, quoted(run) + " is not a link; " + expectedLink};
            link = *l;
        }
        skipSpace();
        if (p_ < line_.size() && line_[p_] == '|') {
            const std::size_t open = p_;
            const std::size_t close = line_.find('|', p_ + 1);
            if (close == std::string_view::npos)
                return SyntaxError{line_.size(), "expected '|' to close the link label opened at column " + col(open)};
            link.label = cleanLabel(line_.substr(open + 1, close - open - 1));
            p_ = close + 1;
        }
        return std::nullopt;
    }
};

Error errorAt(long line, long column, std::string message) {
    Error e = makeError(std::move(message));
    e.line = line;
    e.column = column;
    return e;
}

}  // namespace

Result<ConceptGraph> parseMermaid(std::string_view text) {
    Parser parser;
    bool header = false;
    long lineNo = 0, lastLine = 1;  // lastLine: the last line that is not blank
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t p = 0;
        while (p < line.size() && isSpace(line[p])) ++p;
        if (p < line.size()) lastLine = lineNo;
        if (p >= line.size() || line.substr(p, 2) == "%%") continue;
        if (!header) {
            const std::size_t w = p;
            while (p < line.size() && isIdChar(line[p])) ++p;
            std::string word(line.substr(w, p - w));
            std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
            if (word != "graph" && word != "flowchart")
                return errorAt(lineNo, columnOf(line, w),
                               "expected 'graph' or 'flowchart' and a direction (such as 'graph TD') as the first line, "
                               "found '" + trim(line.substr(w)) + "'");
            while (p < line.size() && isSpace(line[p])) ++p;
            const std::size_t d = p;
            while (p < line.size() && isIdChar(line[p])) ++p;
            const std::string_view dir = line.substr(d, p - d);
            if (dir == "TD" || dir == "TB" || dir.empty()) parser.graph.direction = ConceptDirection::TopToBottom;
            else if (dir == "BT") parser.graph.direction = ConceptDirection::BottomToTop;
            else if (dir == "LR") parser.graph.direction = ConceptDirection::LeftToRight;
            else if (dir == "RL") parser.graph.direction = ConceptDirection::RightToLeft;
            else
                return errorAt(lineNo, columnOf(line, d),
                               "unknown direction '" + std::string(dir) + "': expected TD, TB, BT, LR or RL");
            header = true;
            while (p < line.size() && isSpace(line[p])) ++p;
            if (p < line.size() && line[p] != ';' && line.substr(p, 2) != "%%")
                return errorAt(lineNo, columnOf(line, p),
                               "expected the end of the line or ';' after the direction, found '" + trim(line.substr(p)) + "'");
        }
        if (auto e = parser.statements(line, p)) return errorAt(lineNo, columnOf(line, e->pos), e->message);
    }
    if (!header) return errorAt(1, 1, "the chart is empty: expected a first line such as 'graph TD'");
    if (parser.graph.concepts.empty())
        return errorAt(lastLine, 1, "the chart has no nodes: add a line such as 'A[Start] --> B[End]'");
    return std::move(parser.graph);
}

}  // namespace layerlab::core
