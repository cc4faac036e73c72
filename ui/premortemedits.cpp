#include "premortemedits.h"

#include "editor.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QSet>

#include <functional>

#include <memory>

namespace hindsight::premortemedits {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("hindsight::PremortemEdits", text);
}

Error notFound(const QString &what)
{
    return Error {ErrorCode::NotFound, what, {}};
}

// The workspace reads pre-mortem rows per session; these pick one by id.
Result<Idea> findIdea(Workspace *ws, Id sessionId, Id ideaId)
{
    auto list = ws->ideas(sessionId);
    if (!list)
        return list.error();
    for (const Idea &i : *list)
        if (i.id == ideaId)
            return i;
    return notFound(tr("The idea no longer exists."));
}

Result<Theme> findTheme(Workspace *ws, Id sessionId, Id themeId)
{
    auto list = ws->themes(sessionId);
    if (!list)
        return list.error();
    for (const Theme &t : *list)
        if (t.id == themeId)
            return t;
    return notFound(tr("The theme no longer exists."));
}

Result<QList<Idea>> findIdeas(Workspace *ws, Id sessionId, const QList<Id> &ids)
{
    auto list = ws->ideas(sessionId);
    if (!list)
        return list.error();
    QList<Idea> out;
    for (const Idea &i : *list)
        if (ids.contains(i.id))
            out.append(i);
    if (out.size() != QSet<Id>(ids.cbegin(), ids.cend()).size())
        return notFound(tr("Some of the ideas no longer exist."));
    return out;
}

Status writeIdeas(Workspace *ws, const QList<Idea> &ideas)
{
    for (const Idea &i : ideas)
        if (Status s = ws->updateIdea(i); !s)
            return s;
    return ok();
}

} // namespace

Id addRound(Editor &editor, Round round)
{
    Workspace *ws = editor.workspace();
    round.id = 0;
    auto state = std::make_shared<Round>(std::move(round));
    const bool done = editor.perform(
        tr("New round"),
        [ws, state]() -> Status {
            auto r = ws->addRound(*state);
            if (!r)
                return r.error();
            *state = *r;
            return ok();
        },
        [ws, state]() { return ws->removeRound(state->id); });
    return done ? state->id : 0;
}

bool updateRound(Editor &editor, const Round &round)
{
    Workspace *ws = editor.workspace();
    auto list = ws->rounds(round.sessionId);
    if (!list) {
        editor.report(list.error());
        return false;
    }
    for (const Round &old : *list) {
        if (old.id != round.id)
            continue;
        if (old == round)
            return false;
        return editor.perform(
            tr("Edit round"), [ws, round]() { return ws->updateRound(round); },
            [ws, old]() { return ws->updateRound(old); });
    }
    editor.report(notFound(tr("The round no longer exists.")));
    return false;
}

Id addIdea(Editor &editor, Idea idea)
{
    Workspace *ws = editor.workspace();
    idea.id = 0;
    auto state = std::make_shared<Idea>(std::move(idea));
    const bool done = editor.perform(
        tr("Add idea"),
        [ws, state]() -> Status {
            auto r = ws->addIdea(*state);
            if (!r)
                return r.error();
            *state = *r;
            return ok();
        },
        [ws, state]() { return ws->removeIdea(state->id); });
    return done ? state->id : 0;
}

bool removeIdea(Editor &editor, Id sessionId, Id ideaId)
{
    Workspace *ws = editor.workspace();
    auto idea = findIdea(ws, sessionId, ideaId);
    if (!idea) {
        editor.report(idea.error());
        return false;
    }
    const Idea old = *idea;
    return editor.perform(
        tr("Delete idea"), [ws, ideaId]() { return ws->removeIdea(ideaId); },
        [ws, old]() -> Status {
            auto r = ws->addIdea(old);
            if (!r)
                return r.error();
            return ok();
        });
}

bool setRevealed(
    Editor &editor, Id sessionId, const QList<Id> &ideaIds, bool revealed, const QString &text)
{
    Workspace *ws = editor.workspace();
    auto found = findIdeas(ws, sessionId, ideaIds);
    if (!found) {
        editor.report(found.error());
        return false;
    }
    QList<Idea> before;
    for (const Idea &i : *found)
        if (i.revealed != revealed)
            before.append(i);
    if (before.isEmpty())
        return false;
    QList<Idea> after = before;
    for (Idea &i : after)
        i.revealed = revealed;
    return editor.perform(
        text.isEmpty() ? (revealed ? tr("Reveal ideas") : tr("Hide ideas")) : text,
        [ws, after]() { return writeIdeas(ws, after); },
        [ws, before]() { return writeIdeas(ws, before); });
}

Id nextToReveal(const Round &round, const QList<Idea> &ideas, int lastTurn, int *turn)
{
    const int turns = int(round.members.size()) + 1;
    auto turnOf = [&round](const Idea &i) {
        const qsizetype m = i.authorId == 0 ? -1 : round.members.indexOf(i.authorId);
        return m < 0 ? int(round.members.size()) : int(m);
    };
    for (int step = 1; step <= turns; ++step) {
        const int t = ((lastTurn < 0 ? -1 : lastTurn) + step) % turns;
        const Idea *best = nullptr;
        for (const Idea &i : ideas) {
            if (i.roundId != round.id || i.revealed || turnOf(i) != t)
                continue;
            if (!best || i.position < best->position
                || (i.position == best->position && i.id < best->id))
                best = &i;
        }
        if (best) {
            if (turn)
                *turn = t;
            return best->id;
        }
    }
    return 0;
}

Id groupIntoTheme(
    Editor &editor, Id sessionId, const QList<Id> &ideaIds, Id themeId, const QString &newTitle)
{
    Workspace *ws = editor.workspace();
    auto found = findIdeas(ws, sessionId, ideaIds);
    if (!found) {
        editor.report(found.error());
        return 0;
    }
    if (themeId != 0) {
        if (auto t = findTheme(ws, sessionId, themeId); !t) {
            editor.report(t.error());
            return 0;
        }
    } else if (newTitle.trimmed().isEmpty()) {
        editor.report(Error {ErrorCode::InvalidInput, tr("A new theme needs a title."), {}});
        return 0;
    }
    const QList<Idea> before = *found;
    auto theme = std::make_shared<Theme>();
    theme->id = themeId;
    theme->sessionId = sessionId;
    theme->title = newTitle.trimmed();
    const bool create = themeId == 0;
    const bool done = editor.perform(
        create ? tr("Group into new theme") : tr("Group into theme"),
        [ws, theme, before, create]() -> Status {
            if (create) {
                // Redo re-adds under the same id, so later steps still find the theme.
                auto r = ws->addTheme(*theme);
                if (!r)
                    return r.error();
                *theme = *r;
            }
            QList<Idea> after = before;
            for (Idea &i : after)
                i.themeId = theme->id;
            return writeIdeas(ws, after);
        },
        [ws, theme, before, create]() -> Status {
            if (Status s = writeIdeas(ws, before); !s)
                return s;
            return create ? ws->removeTheme(theme->id) : ok();
        });
    return done ? theme->id : 0;
}

bool ungroup(Editor &editor, Id sessionId, const QList<Id> &ideaIds)
{
    Workspace *ws = editor.workspace();
    auto found = findIdeas(ws, sessionId, ideaIds);
    if (!found) {
        editor.report(found.error());
        return false;
    }
    QList<Idea> before;
    for (const Idea &i : *found)
        if (i.themeId != 0)
            before.append(i);
    if (before.isEmpty())
        return false;
    QList<Idea> after = before;
    for (Idea &i : after)
        i.themeId = 0;
    return editor.perform(
        tr("Take out of theme"), [ws, after]() { return writeIdeas(ws, after); },
        [ws, before]() { return writeIdeas(ws, before); });
}

namespace {

bool updateTheme(Editor &editor, Id sessionId, Id themeId, const QString &text,
    const std::function<void(Theme &)> &change)
{
    Workspace *ws = editor.workspace();
    auto found = findTheme(ws, sessionId, themeId);
    if (!found) {
        editor.report(found.error());
        return false;
    }
    const Theme before = *found;
    Theme after = before;
    change(after);
    if (after == before)
        return false;
    return editor.perform(
        text, [ws, after]() { return ws->updateTheme(after); },
        [ws, before]() { return ws->updateTheme(before); });
}

} // namespace

bool renameTheme(Editor &editor, Id sessionId, Id themeId, const QString &title)
{
    return updateTheme(editor, sessionId, themeId, tr("Rename theme"),
        [title](Theme &t) { t.title = title.trimmed(); });
}

bool scoreTheme(Editor &editor, Id sessionId, Id themeId, int likelihood, int impact)
{
    return updateTheme(editor, sessionId, themeId, tr("Score risk"), [=](Theme &t) {
        t.likelihood = likelihood;
        t.impact = impact;
    });
}

QString voteRefusal(
    const QList<Vote> &votes, Id participantId, Id themeId, int dots, const VoteRules &rules)
{
    if (dots < 0)
        return tr("There is no dot to take back.");
    if (dots > rules.cap)
        return QCoreApplication::translate("hindsight::PremortemEdits",
            "At most %n dot(s) on one risk: spread the rest.", nullptr, rules.cap);
    int elsewhere = 0;
    for (const Vote &v : votes)
        if (v.participantId == participantId && v.themeId != themeId)
            elsewhere += v.dots;
    if (elsewhere + dots > rules.budget)
        return QCoreApplication::translate("hindsight::PremortemEdits",
            "All %n dot(s) are used: take one back from another risk first.", nullptr,
            rules.budget);
    return {};
}

int dotsLeft(const QList<Vote> &votes, Id participantId, const VoteRules &rules)
{
    int used = 0;
    for (const Vote &v : votes)
        if (v.participantId == participantId)
            used += v.dots;
    return rules.budget - used;
}

bool changeVote(Editor &editor, Id sessionId, Id participantId, Id themeId, int delta,
    const VoteRules &rules, QString *refusal)
{
    Workspace *ws = editor.workspace();
    auto votes = ws->votes(sessionId);
    if (!votes) {
        editor.report(votes.error());
        return false;
    }
    int current = 0;
    for (const Vote &v : *votes)
        if (v.participantId == participantId && v.themeId == themeId)
            current = v.dots;
    const QString why = voteRefusal(*votes, participantId, themeId, current + delta, rules);
    if (refusal)
        *refusal = why;
    if (!why.isEmpty())
        return false;
    const Vote after {sessionId, themeId, participantId, current + delta};
    const Vote before {sessionId, themeId, participantId, current};
    return editor.perform(
        delta > 0 ? tr("Give a dot") : tr("Take a dot back"),
        [ws, after]() { return ws->setVote(after); },
        [ws, before]() { return ws->setVote(before); });
}

Id addMitigation(Editor &editor, Id sessionId, Id themeId, const QString &what,
    const QString &owner, const QDate &due)
{
    Workspace *ws = editor.workspace();
    auto theme = findTheme(ws, sessionId, themeId);
    if (!theme) {
        editor.report(theme.error());
        return 0;
    }
    auto state = std::make_shared<ActionItem>();
    state->sessionId = sessionId;
    state->what = what.trimmed().isEmpty()
        ? QCoreApplication::translate("hindsight::PremortemEdits", "Mitigate: %1").arg(theme->title)
        : what.trimmed();
    state->owner = owner.trimmed();
    state->due = due;
    state->type = ActionType::Mitigate;
    state->themes = {themeId};
    const bool done = editor.perform(
        tr("Add mitigation"),
        [ws, state]() -> Status {
            auto r = ws->addAction(*state);
            if (!r)
                return r.error();
            *state = *r;
            return ok();
        },
        [ws, state]() { return ws->removeAction(state->id); });
    return done ? state->id : 0;
}

} // namespace hindsight::premortemedits
