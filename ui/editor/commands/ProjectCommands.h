// Commands that change the project's settings rather than its graph: the
// training configuration and the data source. Both store before/after values.
#pragma once

#include "ui/editor/commands/DocumentCommand.h"

namespace layerlab::ui {

class SetTrainingCommand : public DocumentCommand {
public:
    SetTrainingCommand(GraphDocument* doc, core::TrainConfig config);
    void redo() override;
    void undo() override;

private:
    core::TrainConfig before_, after_;
};

class SetDataSourceCommand : public DocumentCommand {
public:
    SetDataSourceCommand(GraphDocument* doc, core::DataSource source);
    void redo() override;
    void undo() override;

private:
    core::DataSource before_, after_;
};

}  // namespace layerlab::ui
