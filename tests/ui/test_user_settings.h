// Keeps a test's QSettings, recent files and window layout away from the
// user's: Qt's test mode for standard paths, a temporary XDG_CONFIG_HOME
// and an application name of the test's own. Call from initTestCase().
#pragma once

#include <QCoreApplication>
#include <QStandardPaths>
#include <QString>

namespace layerlab_test {

// requires: configDir exists for the whole test run (a QTemporaryDir member).
inline void isolateUserSettings(const QString& configDir, const QString& applicationName) {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", configDir.toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("LayerLabTest"));
    QCoreApplication::setApplicationName(applicationName);
}

}  // namespace layerlab_test
