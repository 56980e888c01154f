#include "ui/editor/commands/ProjectCommands.h"

#include <QCoreApplication>

namespace layerlab::ui {

SetTrainingCommand::SetTrainingCommand(GraphDocument* doc, core::TrainConfig config)
    : DocumentCommand(doc, QCoreApplication::translate("SetTrainingCommand", "Change training settings")),
      before_(doc->project().training),
      after_(std::move(config)) {}

void SetTrainingCommand::redo() {
    setTraining(after_);
    finish();
}

void SetTrainingCommand::undo() {
    setTraining(before_);
    finish();
}

SetDataSourceCommand::SetDataSourceCommand(GraphDocument* doc, core::DataSource source)
    : DocumentCommand(doc, QCoreApplication::translate("SetDataSourceCommand", "Change data source")),
      before_(doc->project().data),
      after_(std::move(source)) {}

void SetDataSourceCommand::redo() {
    setDataSource(after_);
    finish();
}

void SetDataSourceCommand::undo() {
    setDataSource(before_);
    finish();
}

}  // namespace layerlab::ui
